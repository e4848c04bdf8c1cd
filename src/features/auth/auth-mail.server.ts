// The emails staff identity sends, queued in the outbox in the caller's transaction so the
// invitation or reset and its email commit together. The links carry secret tokens: never logged.
import type { DbOrTx } from '../../../db/client.ts';
import { type AccountSecurityEvent, accountSecurityEmail } from '../../emails/account-security.ts';
import { passwordResetEmail } from '../../emails/password-reset.ts';
import { staffInviteEmail } from '../../emails/staff-invite.ts';
import { publicBaseUrl } from '../../lib/server/config.ts';
import { enqueueEmail } from '../email/outbox.server.ts';

export async function sendInviteEmail(
  tx: DbOrTx,
  to: { email: string; name: string },
  token: string,
  invitedBy: string,
): Promise<void> {
  const message = staffInviteEmail({
    name: to.name,
    invitedBy,
    setupUrl: `${publicBaseUrl()}/staff/setup/${token}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message });
}

export async function sendPasswordResetEmail(
  tx: DbOrTx,
  to: { id: string; email: string; name: string },
  token: string,
): Promise<void> {
  const message = passwordResetEmail({
    name: to.name,
    resetUrl: `${publicBaseUrl()}/staff/reset-password/${token}`,
  });
  await enqueueEmail(tx, { to: to.email, ...message });
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
