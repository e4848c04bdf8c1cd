// Signing in: a password, then a second factor (TOTP or a recovery code), with per-client rate
// limits and per-address lockouts; signing out. Every outcome writes its audit row.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { loginThrottles, staffRecoveryCodes, staffSessions, staffUsers } from '../../../db/schema/index.ts';
import { hitRateLimit, type RateLimitRule, rateLimitKey } from '../../lib/server/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { AuthError } from './auth-errors.ts';
import { type AuthContext, normaliseEmail } from './credentials.server.ts';
import { verifyAgainstDummy, verifyPassword } from './password.server.ts';
import { open } from './secret-box.ts';
import { createSession, invalidateSession, type StaffSession, type StaffUser } from './session.server.ts';
import { lockoutMinutes, MAX_MFA_FAILURES } from './session.ts';
import { hashToken, normaliseRecoveryCode } from './tokens.ts';
import { matchTotp } from './totp.ts';

export const LOGIN_CLIENT_LIMIT: RateLimitRule = { scope: 'login:client', limit: 20, windowSeconds: 15 * 60 };

function emailThrottleKey(secret: Uint8Array, email: string): string {
  return rateLimitKey(secret, 'login:email', normaliseEmail(email));
}

async function currentLock(db: Db, key: string, now: Date): Promise<number> {
  const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** Counts a failed attempt for an email address and locks it for longer each time past the limit. */
async function recordFailure(db: Db, key: string, now: Date): Promise<void> {
  const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
  // Failures older than a day are forgotten.
  const stale = !row || now.getTime() - row.lastFailureAt.getTime() > 86_400_000;
  const failures = stale ? 1 : row.failures + 1;
  const minutes = lockoutMinutes(failures);
  const lockedUntil = minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null;
  await db
    .insert(loginThrottles)
    .values({ key, failures, lastFailureAt: now, lockedUntil })
    .onConflictDoUpdate({ target: loginThrottles.key, set: { failures, lastFailureAt: now, lockedUntil } });
}

async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

/**
 * Step 1 of sign-in. Success gives a pending session that opens nothing until the second factor.
 * The same error is thrown whether or not the address has an account.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string },
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession }> {
  const now = ctx.now ?? new Date();
  const email = normaliseEmail(input.email);
  const limit = await hitRateLimit(db, ctx.secret, LOGIN_CLIENT_LIMIT, ctx.client ?? 'unknown', now);
  if (!limit.allowed) throw new AuthError('throttled', limit.retryAfterSeconds);

  const key = emailThrottleKey(ctx.secret, email);
  const locked = await currentLock(db, key, now);
  if (locked > 0) {
    await writeAudit(db, { actorLabel: email, action: 'auth.login_locked', client: ctx.client ?? null });
    throw new AuthError('locked', locked);
  }

  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, email));
  const ok =
    user?.active && user.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
  if (!ok || !user) {
    await db.transaction(async (tx) => {
      await recordFailure(tx, key, now);
      await writeAudit(tx, {
        actorId: user?.id ?? null,
        actorLabel: email,
        action: 'auth.login_failed',
        client: ctx.client ?? null,
      });
    });
    throw new AuthError('invalid_credentials');
  }
  if (!user.totpKeyEncrypted) throw new AuthError('not_set_up');
  return createSession(db, user.id, { ...ctx, mfaVerified: false, now });
}

async function completeSignIn(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  ctx: AuthContext,
  method: 'totp' | 'recovery_code',
): Promise<{ token: string; session: StaffSession }> {
  const now = ctx.now ?? new Date();
  await invalidateSession(db, pending.id);
  await clearFailures(db, emailThrottleKey(ctx.secret, user.email));
  await db.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, user.id));
  await writeAudit(db, {
    actorId: user.id,
    actorLabel: user.email,
    action: 'auth.login',
    client: ctx.client ?? null,
    details: { method },
  });
  // A new token at sign-in: the pending session's token never becomes a full one.
  return createSession(db, user.id, { ...ctx, mfaVerified: true, now });
}

async function secondFactorFailed(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  ctx: AuthContext,
): Promise<never> {
  const now = ctx.now ?? new Date();
  const failures = pending.mfaFailures + 1;
  await db.transaction(async (tx) => {
    await recordFailure(tx, emailThrottleKey(ctx.secret, user.email), now);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.second_factor_failed',
      client: ctx.client ?? null,
    });
    if (failures >= MAX_MFA_FAILURES) await invalidateSession(tx, pending.id);
    else
      await tx.update(staffSessions).set({ mfaFailures: failures }).where(eq(staffSessions.id, pending.id));
  });
  throw new AuthError(failures >= MAX_MFA_FAILURES ? 'too_many_codes' : 'invalid_code');
}

/** Step 2 of sign-in: a code from the authenticator app. */
export async function verifySecondFactor(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  code: string,
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession }> {
  const now = ctx.now ?? new Date();
  const [row] = await db
    .select({ key: staffUsers.totpKeyEncrypted, last: staffUsers.totpLastCounter })
    .from(staffUsers)
    .where(eq(staffUsers.id, user.id));
  if (!row?.key) throw new AuthError('not_set_up');
  const counter = matchTotp(open(row.key, ctx.secret), code, now, row.last);
  if (counter === null) return secondFactorFailed(db, pending, user, ctx);
  return db.transaction(async (tx) => {
    // Claim the time-step atomically: a concurrent request with the same code finds it taken.
    const claimed = await tx
      .update(staffUsers)
      .set({ totpLastCounter: counter })
      .where(
        and(
          eq(staffUsers.id, user.id),
          row.last === null ? isNull(staffUsers.totpLastCounter) : eq(staffUsers.totpLastCounter, row.last),
        ),
      )
      .returning({ id: staffUsers.id });
    if (claimed.length === 0) throw new AuthError('invalid_code');
    return completeSignIn(tx, pending, user, ctx, 'totp');
  });
}

/** Step 2 of sign-in with a recovery code instead: each code works once. */
export async function verifyRecoveryCode(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  code: string,
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession }> {
  const now = ctx.now ?? new Date();
  const codeHash = hashToken(normaliseRecoveryCode(code));
  const used = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffRecoveryCodes.staffId, user.id),
        eq(staffRecoveryCodes.codeHash, codeHash),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
  if (used.length === 0) return secondFactorFailed(db, pending, user, ctx);
  return db.transaction(async (tx) => {
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.recovery_code_used',
      client: ctx.client ?? null,
    });
    return completeSignIn(tx, pending, user, ctx, 'recovery_code');
  });
}

export async function signOut(
  db: Db,
  session: StaffSession,
  user: StaffUser,
  client: string | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await invalidateSession(tx, session.id);
    await writeAudit(tx, { actorId: user.id, actorLabel: user.email, action: 'auth.logout', client });
  });
}
