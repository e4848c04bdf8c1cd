// The signed-in staff member's own account: password change, a new authenticator, recovery codes
// left, signing out of this browser. Every change writes its audit row in the same transaction.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffSessions, staffUsers } from '../../../db/schema/index.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { AuthError } from './auth-errors.ts';
import { type AuthContext, requirePassword, storeTotpKey } from './credentials.server.ts';
import { revokeStaffLinks } from './one-time-links.server.ts';
import { hashPassword } from './password.server.ts';
import { open } from './secret-box.ts';
import {
  createSession,
  invalidateUserSessions,
  type StaffSession,
  type StaffUser,
} from './session.server.ts';
import { matchTotp } from './totp.ts';

/**
 * Changes the password, ends every session and revokes any outstanding reset link; returns a fresh
 * session for this browser.
 */
export async function changePassword(
  db: Db,
  user: StaffUser,
  input: { currentPassword: string; newPassword: string },
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession }> {
  await requirePassword(db, user.id, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const now = ctx.now ?? new Date();
    await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(staffUsers.id, user.id));
    const ended = await invalidateUserSessions(tx, user.id);
    await revokeStaffLinks(tx, user.id, 'all', now);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.password_changed',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
      details: { sessionsEnded: ended },
    });
    return createSession(tx, user.id, { ...ctx, mfaVerified: true, now });
  });
}

/** Re-enrols the authenticator after re-authentication with the password and a current code. */
export async function reEnrolTotp(
  db: Db,
  user: StaffUser,
  input: { currentPassword: string; currentCode: string; newKey: Uint8Array; newCode: string },
  ctx: AuthContext,
): Promise<{ recoveryCodes: string[] }> {
  const now = ctx.now ?? new Date();
  await requirePassword(db, user.id, input.currentPassword);
  const [row] = await db
    .select({ key: staffUsers.totpKeyEncrypted, last: staffUsers.totpLastCounter })
    .from(staffUsers)
    .where(eq(staffUsers.id, user.id));
  if (!row?.key || matchTotp(open(row.key, ctx.secret), input.currentCode, now, row.last) === null) {
    throw new AuthError('invalid_code');
  }
  return db.transaction(async (tx) => {
    const recoveryCodes = await storeTotpKey(tx, user.id, input.newKey, input.newCode, ctx.secret, now);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.totp_reenrolled',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
    });
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
