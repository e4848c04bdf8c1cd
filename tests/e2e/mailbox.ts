// The local mailbox (no Resend key: the server's worker delivers there) as the browser tests read it:
// through the staff mailbox pages, as an administrator.
import { inject } from 'vitest';

/** Which server's mailbox: the suite's unless a test's own server (startOwnServer) is given. */
export interface MailboxServer {
  baseURL: string;
  adminSession: string;
}
const suite = (): MailboxServer => ({
  baseURL: inject('baseURL'),
  adminSession: inject('fixtures').staff.admin.session,
});
const admin = (server: MailboxServer) => ({ cookie: `cn_staff=${server.adminSession}` });

/** Messages in the local mailbox to `to` with this subject: their ids (newest first). */
export async function mailboxIds(to: string, subject: string, server = suite()): Promise<string[]> {
  const { baseURL } = server;
  const ids: string[] = [];
  for (let page = 1; page <= 20; page++) {
    const res = await fetch(`${baseURL}/staff/mailbox?page=${page}`, { headers: admin(server) });
    const html = await res.text();
    for (const m of html.matchAll(
      /<tr class="govuk-table__row">\s*<td[^>]*><a[^>]*href="\/staff\/mailbox\/([0-9a-f-]{36})"[^>]*>([^<]*)<\/a><\/td>\s*<td[^>]*>([^<]*)<\/td>/g,
    )) {
      if (m[3] === to && m[2] === subject) ids.push(m[1] as string);
    }
    if (!html.includes(`page=${page + 1}"`)) break;
  }
  return ids;
}

/**
 * Waits for the server's worker to deliver a message (the `count`-th to arrive, when several share the
 * address and subject); its plain text.
 */
export async function waitForMessage(
  to: string,
  subject: string,
  count = 1,
  server = suite(),
): Promise<string> {
  const { baseURL } = server;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ids = await mailboxIds(to, subject, server);
    const id = ids.length >= count ? ids[0] : undefined;
    if (id) {
      const res = await fetch(`${baseURL}/staff/mailbox/${id}`, { headers: admin(server) });
      const html = await res.text();
      const text = html.match(/id="email-text"[^>]*>([\s\S]*?)<\/pre>/)?.[1] ?? html;
      return text.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No message "${subject}" reached the mailbox`);
}
