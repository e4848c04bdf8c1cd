// The emails staff identity sends, queued in the outbox in the caller's transaction so the
// invitation or reset and its email commit together. The link's token never rests in the outbox:
// the body carries a placeholder and the row the token sealed (features/secrets), filled in by the
// worker when it sends. Never logged.
import type { DbOrTx } from '../../../db/client.ts';
import { type AccountSecurityEvent, accountSecurityEmail } from '../email/messages/account-security.ts';
import { passwordResetEmail } from '../email/messages/password-reset.ts';
import { staffInviteEmail } from '../email/messages/staff-invite.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { secretPlaceholder } from '../secrets/secrets.ts';
import type { LinkToSend } from './one-time-links.server.ts';

/** What a link in an email needs: the app secret that seals the token, and the portal's address. */
export interface MailContext {
  secret: Uint8Array;
  baseUrl: string;
}

/** An invitation; `invitedBy` null when the member asked for a new link themselves. */
export async function sendInviteEmail(
  tx: DbOrTx,
  to: { email: string; name: string },
  token: string,
  invitedBy: string | null,
  ctx: MailContext,
): Promise<void> {
  const message = staffInviteEmail({
    name: to.name,
    invitedBy,
    setupUrl: `${ctx.baseUrl}/staff/setup/${secretPlaceholder(ctx.secret)}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message, secret: token }, { appSecret: ctx.secret });
}

export async function sendPasswordResetEmail(
  tx: DbOrTx,
  to: { id: string; email: string; name: string },
  token: string,
  ctx: MailContext,
): Promise<void> {
  const message = passwordResetEmail({
    name: to.name,
    resetUrl: `${ctx.baseUrl}/staff/reset-password/${secretPlaceholder(ctx.secret)}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message, secret: token }, { appSecret: ctx.secret });
}

/** What "forgot password" sends: a reset link, or a fresh invitation for a member not set up. */
export async function sendRequestedLinkEmail(tx: DbOrTx, link: LinkToSend, ctx: MailContext): Promise<void> {
  if (link.kind === 'invite') await sendInviteEmail(tx, link.user, link.token, null, ctx);
  else await sendPasswordResetEmail(tx, link.user, link.token, ctx);
}

/** Tells a member their sign-in changed (queued in the caller's transaction). */
export async function sendAccountSecurityEmail(
  tx: DbOrTx,
  to: { email: string; name: string },
  event: AccountSecurityEvent,
  baseUrl: string,
): Promise<void> {
  const message = accountSecurityEmail({ name: to.name, event, signInUrl: `${baseUrl}/staff/login` });
  await enqueueEmail(tx, { to: to.email, ...message });
}
