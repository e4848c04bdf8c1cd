// The signed-in staff member's own account: password change, a new authenticator, recovery codes
// left, signing out of this browser. Changing the password or the authenticator re-authenticates
// with the password and a code, limited, audited and claimed as sign-in is. Every change writes its audit row in the same transaction.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffSessions, staffUsers } from '../../../db/schema/index.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { AuthError } from './auth-errors.ts';
import { sendAccountSecurityEmail } from './auth-mail.server.ts';
import {
  type AuthContext,
  claimTotpStep,
  holdRecoveryCodes,
  requirePassword,
  storeTotpKey,
} from './credentials.server.ts';
import { type DeviceCookie, renewDeviceCookie, revokeDeviceCookies } from './device-cookies.server.ts';
import { refundAttempt, reserveAttempt, throttleKeys } from './login-throttles.server.ts';
import { revokeStaffLinks } from './one-time-links.server.ts';
import { hashPassword } from './password.server.ts';
import {
  createSession,
  invalidateUserSessions,
  type StaffSession,
  type StaffUser,
} from './session.server.ts';
import { REAUTH_LOCKOUT } from './session.ts';
import { matchTotp } from './totp.ts';
import { loadTotpKey } from './totp-keys.server.ts';

/**
 * Re-authentication on the account page, limited and audited like sign-in: the attempt is counted
 * first (a lock refuses it), a wrong password or code is audited and stays counted, and the code's
 * time step (when a code is asked for) is claimed so it cannot be used again.
 */
async function reauthenticate(
  db: Db,
  user: StaffUser,
  input: { currentPassword: string; currentCode?: string },
  ctx: AuthContext,
  purpose: 'password_change' | 'totp_reenrol',
): Promise<void> {
  const now = ctx.now ?? new Date();
  const key = throttleKeys(ctx.secret, user.email, ctx.client ?? null).reauth;
  const attempt = await reserveAttempt(db, key, REAUTH_LOCKOUT, now);
  if (!attempt.allowed) throw new AuthError('locked', attempt.retryAfterSeconds);
  const failed = async (code: 'wrong_password' | 'invalid_code'): Promise<never> => {
    await writeAudit(db, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.reauth_failed',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
      details: { purpose, failed: code === 'wrong_password' ? 'password' : 'code' },
    });
    throw new AuthError(code);
  };
  await requirePassword(db, user.id, input.currentPassword).catch(() => failed('wrong_password'));
  if (input.currentCode === undefined) return refundAttempt(db, key, REAUTH_LOCKOUT);
  const row = await loadTotpKey(db, user.id, ctx.secret);
  const counter = row ? matchTotp(row.key, input.currentCode, now, row.last) : null;
  if (counter === null || !row) return failed('invalid_code');
  // Claim the time step, as sign-in does: the same code is never accepted twice.
  if (!(await claimTotpStep(db, user.id, row.last, counter))) return failed('invalid_code');
  await refundAttempt(db, key, REAUTH_LOCKOUT);
}

/**
 * Changes the password after the current one (limited and audited); ends every session and every
 * device cookie, tells the member by email; returns a fresh session and device cookie for this
 * browser, which has just proved the password.
 */
export async function changePassword(
  db: Db,
  user: StaffUser,
  input: { currentPassword: string; newPassword: string },
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession; device: DeviceCookie }> {
  await reauthenticate(db, user, input, ctx, 'password_change');
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const now = ctx.now ?? new Date();
    await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(staffUsers.id, user.id));
    const ended = await invalidateUserSessions(tx, user.id);
    await revokeStaffLinks(tx, user.id, 'all', now);
    await revokeDeviceCookies(tx, user.id, now);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.password_changed',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
      details: { sessionsEnded: ended },
    });
    await sendAccountSecurityEmail(tx, user, 'password_changed', ctx.baseUrl);
    const device = await renewDeviceCookie(tx, ctx.secret, user, null, { now });
    return { ...(await createSession(tx, user.id, { ...ctx, mfaVerified: true, now })), device };
  });
}

/**
 * Re-enrols the authenticator after the password and a current code; ends the member's other
 * sessions (all but `keepSessionId`) and tells them by email.
 */
export async function reEnrolTotp(
  db: Db,
  user: StaffUser,
  input: { currentPassword: string; currentCode: string; newKey: Uint8Array; newCode: string },
  ctx: AuthContext & { keepSessionId?: string },
): Promise<{ recoveryCodes: string[] }> {
  const now = ctx.now ?? new Date();
  await reauthenticate(db, user, input, ctx, 'totp_reenrol');
  return db.transaction(async (tx) => {
    const recoveryCodes = await storeTotpKey(tx, user.id, input.newKey, input.newCode, ctx.secret, now);
    const ended = await invalidateUserSessions(tx, user.id, ctx.keepSessionId);
    if (ctx.keepSessionId) await holdRecoveryCodes(tx, ctx.keepSessionId, recoveryCodes, ctx.secret, now);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.totp_reenrolled',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
      details: { sessionsEnded: ended },
    });
    await sendAccountSecurityEmail(tx, user, 'authenticator_changed', ctx.baseUrl);
    return { recoveryCodes };
  });
}

export async function countUnusedRecoveryCodes(db: Db, staffId: string): Promise<number> {
  const rows = await db
    .select({ id: staffRecoveryCodes.id })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return rows.length;
}

/** Ends one of the user's own sessions (never someone else's). */
export async function endOwnSession(
  db: Db,
  user: StaffUser,
  sessionId: string,
  client: string | null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, user.id)))
      .returning({ id: staffSessions.id });
    if (rows.length > 0) {
      await writeAudit(tx, {
        actorId: user.id,
        actorLabel: user.email,
        action: 'auth.session_ended',
        client,
      });
    }
    return rows.length > 0;
  });
}
