// Views of personal data are audited only when a person chose to open the page: a prefetch or a
// navigation from another site gets a page asking them to open it, shows no data and records
// nothing; following its link (or any link in the back office) shows the page and records the view.
import { beforeAll, describe, expect, inject, it } from 'vitest';

const baseURL = inject('baseURL');
const fx = inject('fixtures');
const admin = { cookie: `cn_staff=${fx.staff.admin.session}` };

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(baseURL + path, { headers: { ...admin, ...headers }, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** How many audit rows record this action, read from the audit log page as an administrator. */
async function auditCount(action: string): Promise<number> {
  const { body } = await get(`/staff/audit?action=${action}`, { 'sec-fetch-site': 'same-origin' });
  const match = /(\d+) entr(?:y|ies)/.exec(body);
  if (!match) throw new Error('no count on the audit page');
  return Number(match[1]);
}

/** Counting reads the audit log, which is itself a view recorded after the count is shown. */
const self = (action: string) => (action === 'audit.view' ? 1 : 0);

const VIEWS = [
  { path: '/staff/users', action: 'staff.view_list', shows: fx.staff.ward_officer.email },
  { path: `/staff/users/${fx.targetStaffId}`, action: 'staff.view', shows: 'e2e-target@example.org' },
  {
    path: `/staff/audit?actor=${fx.staff.admin.id}`,
    action: 'audit.view',
    shows: 'aria-label="Audit entries"',
  },
  { path: '/staff/mailbox', action: 'email.view_list', shows: 'e2e-reader@example.org' },
  {
    path: `/staff/mailbox/${fx.mailboxMessageId}`,
    action: 'email.view',
    shows: 'portal.example.org/staff/setup',
  },
  // The CSV downloads of personal data (security review 3, finding 6).
  { path: '/staff/concerns/export.csv', action: 'concern.export', shows: 'Reference,Sent' },
  { path: '/staff/panels/bloomsbury/members.csv', action: 'panel_membership.export', shows: 'Name,Email' },
];

beforeAll(async () => {
  // The fixture message reaches the local mailbox once the server's worker has run.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await get(`/staff/mailbox/${fx.mailboxMessageId}`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('The fixture email never reached the local mailbox');
});

const NOT_CHOSEN: [string, Record<string, string>][] = [
  ['a link on another site', { 'sec-fetch-site': 'cross-site', referer: 'https://elsewhere.example/' }],
  ['a link on a sister site', { 'sec-fetch-site': 'same-site', referer: 'https://blog.example/' }],
  ['a prefetch', { 'sec-purpose': 'prefetch', 'sec-fetch-site': 'same-origin' }],
  ['an old-style prefetch', { purpose: 'prefetch' }],
  ['a foreign Referer and no Sec-Fetch-Site', { referer: 'https://elsewhere.example/page' }],
];

describe('audited views', () => {
  for (const view of VIEWS) {
    for (const [label, headers] of NOT_CHOSEN) {
      it(`${view.path} after ${label}: asks first, shows nothing, records nothing`, async () => {
        const before = await auditCount(view.action);
        const res = await get(view.path, headers);
        expect(res.status).toBe(200);
        expect(res.body).toContain('Open this page?');
        expect(res.body).not.toContain(view.shows);
        // The link opens the same page, query string included.
        const href = /<a class="govuk-button" href="([^"]+)"/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
        expect(href).toBe(view.path);
        expect(await auditCount(view.action)).toBe(before + self(view.action));
      });
    }

    it(`${view.path} from a link in the back office: shown and recorded once`, async () => {
      const before = await auditCount(view.action);
      const res = await get(view.path, { 'sec-fetch-site': 'same-origin', referer: `${baseURL}/staff` });
      expect(res.status).toBe(200);
      expect(res.body).toContain(view.shows);
      expect(await auditCount(view.action)).toBe(before + 1 + self(view.action));
      // Typed or bookmarked (Sec-Fetch-Site: none) is a choice too.
      await get(view.path, { 'sec-fetch-site': 'none' });
      expect(await auditCount(view.action)).toBe(before + 2 + 2 * self(view.action));
    });
  }

  it('shows the audit rows in words', async () => {
    const { body } = await get(
      `/staff/audit?action=staff.view&recordType=staff_user&recordId=${fx.targetStaffId}`,
      {
        'sec-fetch-site': 'same-origin',
      },
    );
    expect(body).toContain('Opened a staff member’s account');
    expect(body).toContain('Staff member: E2E liaison_officer');
    expect(body).not.toContain(`staff_user ${fx.targetStaffId}`);
  });

  it('the page that asks is not found when opened directly', async () => {
    expect((await get('/staff/confirm-view')).status).toBe(404);
  });
});
