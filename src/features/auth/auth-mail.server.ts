// The emails staff identity sends, queued in the outbox in the caller's transaction so the
// invitation or reset and its email commit together. The link's token never rests in the outbox:
// the body carries a placeholder and the row the token sealed (features/secrets), filled in by the
// worker when it sends. Never logged.
import type { DbOrTx } from '../../../db/client.ts';
import { type AccountSecurityEvent, accountSecurityEmail } from '../../emails/account-security.ts';
import { passwordResetEmail } from '../../emails/password-reset.ts';
import { staffInviteEmail } from '../../emails/staff-invite.ts';
import { publicBaseUrl } from '../../lib/server/config.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { SECRET_PLACEHOLDER } from '../secrets/secrets.ts';
import type { LinkToSend } from './one-time-links.server.ts';

/** An invitation; `invitedBy` null when the member asked for a new link themselves. */
export async function sendInviteEmail(
  tx: DbOrTx,
  to: { email: string; name: string },
  token: string,
  invitedBy: string | null,
  appSecret: Uint8Array,
): Promise<void> {
  const message = staffInviteEmail({
    name: to.name,
    invitedBy,
    setupUrl: `${publicBaseUrl()}/staff/setup/${SECRET_PLACEHOLDER}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message, secret: token }, { appSecret });
}

export async function sendPasswordResetEmail(
  tx: DbOrTx,
  to: { id: string; email: string; name: string },
  token: string,
  appSecret: Uint8Array,
): Promise<void> {
  const message = passwordResetEmail({
    name: to.name,
    resetUrl: `${publicBaseUrl()}/staff/reset-password/${SECRET_PLACEHOLDER}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message, secret: token }, { appSecret });
}

/** What "forgot password" sends: a reset link, or a fresh invitation for a member not set up. */
export async function sendRequestedLinkEmail(
  tx: DbOrTx,
  link: LinkToSend,
  appSecret: Uint8Array,
): Promise<void> {
  if (link.kind === 'invite') await sendInviteEmail(tx, link.user, link.token, null, appSecret);
  else await sendPasswordResetEmail(tx, link.user, link.token, appSecret);
}

/** Tells a member their sign-in changed (queued in the caller's transaction). */
export async function sendAccountSecurityEmail(
  tx: DbOrTx,
  to: { email: string; name: string },
  event: AccountSecurityEvent,
): Promise<void> {
  const message = accountSecurityEmail({ name: to.name, event, signInUrl: `${publicBaseUrl()}/staff/login` });
  await enqueueEmail(tx, { to: to.email, ...message });
}
