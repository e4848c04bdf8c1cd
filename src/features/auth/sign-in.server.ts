// Signing in: a password, then a second factor (TOTP or a recovery code), with per-client rate
// limits and per-address lockouts — or, from a browser holding the member's device cookie, the
// cookie's own lockout alone (device-cookies.server.ts); signing out. Every outcome writes its audit row.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffSessions, staffUsers } from '../../../db/schema/index.ts';
import { hitRateLimit, type RateLimitRule, refundRateLimit } from '../../server/node/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { rateLimitKeyFor } from '../secrets/keys.ts';
import { AuthError } from './auth-errors.ts';
import { sendAccountSecurityEmail } from './auth-mail.server.ts';
import {
  type AuthContext,
  claimTotpStep,
  holdRecoveryCodes,
  normaliseEmail,
  storeTotpKey,
} from './credentials.server.ts';
import {
  type DeviceCookie,
  refundDeviceAttempt,
  renewDeviceCookie,
  reserveDeviceAttempt,
  trustedDevice,
} from './device-cookies.server.ts';
import {
  clearAfterSignIn,
  lockedFor,
  refundAttempt,
  reserveAttempt,
  type ThrottleKeys,
  throttleKeys,
} from './login-throttles.server.ts';
import { verifyAgainstDummy, verifyPassword } from './password.server.ts';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  type StaffSession,
  type StaffUser,
} from './session.server.ts';
import { ACCOUNT_LOCKOUT, MFA_LOCKOUT, PAIR_LOCKOUT } from './session.ts';
import { recoveryCodeCandidates } from './tokens.ts';
import { matchTotp } from './totp.ts';
import { loadTotpKey } from './totp-keys.server.ts';

/** Sign-in failures per client (an IPv6 client by its /64): successes are given back. */
export const LOGIN_CLIENT_LIMIT: RateLimitRule = { scope: 'login:client', limit: 20, windowSeconds: 15 * 60 };

async function refused(
  db: Db,
  email: string,
  ctx: AuthContext,
  retryAfterSeconds: number,
  details: Record<string, unknown> | null = null,
) {
  await writeAudit(db, {
    actorLabel: email,
    action: 'auth.login_locked',
    client: ctx.client ?? null,
    details,
  });
  return new AuthError('locked', retryAfterSeconds);
}

/**
 * Counts a password attempt from an untrusted client: the per-client limit, the (address, client)
 * lock and the address-wide lock. Refused: throws. Returns how to give the attempt back.
 */
async function countUntrustedAttempt(
  db: Db,
  email: string,
  ctx: AuthContext,
  now: Date,
): Promise<() => Promise<void>> {
  const client = ctx.client ?? 'unknown';
  const limit = await hitRateLimit(db, rateLimitKeyFor(ctx.secret), LOGIN_CLIENT_LIMIT, client, now);
  if (!limit.allowed) throw new AuthError('throttled', limit.retryAfterSeconds);
  const keys = throttleKeys(ctx.secret, email, ctx.client ?? null);
  const pair = await reserveAttempt(db, keys.pair, PAIR_LOCKOUT, now);
  if (!pair.allowed) throw await refused(db, email, ctx, pair.retryAfterSeconds);
  const account = await reserveAttempt(db, keys.account, ACCOUNT_LOCKOUT, now);
  if (!account.allowed) {
    await refundAttempt(db, keys.pair, PAIR_LOCKOUT);
    throw await refused(db, email, ctx, account.retryAfterSeconds);
  }
  return async () => {
    await refundAttempt(db, keys.pair, PAIR_LOCKOUT);
    await refundAttempt(db, keys.account, ACCOUNT_LOCKOUT);
    await refundRateLimit(db, rateLimitKeyFor(ctx.secret), LOGIN_CLIENT_LIMIT, client);
  };
}

/**
 * Step 1 of sign-in. Success gives a pending session that opens nothing until the second factor,
 * and replaces any other pending sign-in of the account. The same error is thrown whether or not
 * the address has an account. `newAuthenticator`: an administrator reset the member's second
 * factor, so the next step sets up a new authenticator app instead of asking for a code.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string },
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession; newAuthenticator: boolean }> {
  const now = ctx.now ?? new Date();
  const email = normaliseEmail(input.email);
  // A browser holding the member's device cookie meets only the cookie's own lock (OWASP).
  const device = await trustedDevice(db, ctx.secret, ctx.device, email, now);
  let giveBack: () => Promise<void>;
  if (device) {
    const attempt = await reserveDeviceAttempt(db, device, now);
    if (!attempt.allowed) throw await refused(db, email, ctx, attempt.retryAfterSeconds, { device: true });
    giveBack = () => refundDeviceAttempt(db, device);
  } else {
    giveBack = await countUntrustedAttempt(db, email, ctx, now);
  }

  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, email));
  const ok =
    user?.active && user.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);
  if (!ok || !user) {
    await writeAudit(db, {
      actorId: user?.id ?? null,
      actorLabel: email,
      action: 'auth.login_failed',
      client: ctx.client ?? null,
      details: device ? { device: true } : null,
    });
    throw new AuthError('invalid_credentials');
  }
  // Only failures count: the right password gives its attempts back.
  await giveBack();
  const newAuthenticator = !user.totpKeyEncrypted && user.secondFactorResetAt !== null;
  if (!user.totpKeyEncrypted && !newAuthenticator) throw new AuthError('not_set_up');
  return db.transaction(async (tx) => {
    // One pending sign-in per account: lock the member's row, end the others, open this one.
    await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, user.id)).for('update');
    await tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.staffId, user.id), eq(staffSessions.mfaVerified, false)));
    return { ...(await createSession(tx, user.id, { ...ctx, mfaVerified: false, now })), newAuthenticator };
  });
}

/** Whether the member must set up a new authenticator app (an administrator reset theirs). */
export async function mustSetUpNewAuthenticator(db: Db, staffId: string): Promise<boolean> {
  const [row] = await db
    .select({ key: staffUsers.totpKeyEncrypted, resetAt: staffUsers.secondFactorResetAt })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  return Boolean(row && !row.key && row.resetAt);
}

async function endPendingSignIns(db: Db, staffId: string): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), eq(staffSessions.mfaVerified, false)))
    .returning({ id: staffSessions.id });
  return rows.length;
}

/**
 * Before a second-factor code is checked: the account must not be locked (by passwords from
 * anywhere — unless the browser holds the member's device cookie — or by wrong codes), and the
 * attempt is counted against the account, across every pending sign-in. Refused: the pending
 * sign-ins end.
 */
async function countSecondFactorAttempt(
  db: Db,
  user: StaffUser,
  ctx: AuthContext,
): Promise<{ n: number; keys: ThrottleKeys }> {
  const now = ctx.now ?? new Date();
  const keys = throttleKeys(ctx.secret, user.email, ctx.client ?? null);
  const trusted = await trustedDevice(db, ctx.secret, ctx.device, user.email, now);
  const accountLock = trusted ? 0 : await lockedFor(db, keys.account, now);
  const attempt =
    accountLock > 0
      ? ({ allowed: false, retryAfterSeconds: accountLock } as const)
      : await reserveAttempt(db, keys.mfa, MFA_LOCKOUT, now);
  if (attempt.allowed) return { n: attempt.n, keys };
  await db.transaction(async (tx) => {
    await endPendingSignIns(tx, user.id);
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.second_factor_locked',
      client: ctx.client ?? null,
    });
  });
  throw new AuthError('locked', attempt.retryAfterSeconds);
}

/** A complete sign-in: the session's token, and the browser's new device cookie. */
export interface SignedIn {
  token: string;
  session: StaffSession;
  device: DeviceCookie;
}

async function completeSignIn(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  ctx: AuthContext,
  method: 'totp' | 'recovery_code' | 'new_authenticator',
): Promise<SignedIn> {
  const now = ctx.now ?? new Date();
  // The pending sign-in must still be there: a lock (or a newer sign-in) may have ended it.
  const ended = await db.delete(staffSessions).where(eq(staffSessions.id, pending.id)).returning({
    id: staffSessions.id,
  });
  if (ended.length === 0) throw new AuthError('too_many_codes');
  await clearAfterSignIn(db, ctx.secret, user.email, ctx.client ?? null);
  await db.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, user.id));
  // A recovery code means the authenticator is lost, perhaps with a browser: end the other
  // sessions, and tell the member in case it was not them.
  const othersEnded = method === 'totp' ? 0 : await invalidateUserSessions(db, user.id);
  if (method === 'recovery_code') await sendAccountSecurityEmail(db, user, 'recovery_code_used', ctx.baseUrl);
  if (method === 'new_authenticator')
    await sendAccountSecurityEmail(db, user, 'authenticator_changed', ctx.baseUrl);
  await writeAudit(db, {
    actorId: user.id,
    actorLabel: user.email,
    action: 'auth.login',
    client: ctx.client ?? null,
    details: method === 'totp' ? { method } : { method, sessionsEnded: othersEnded },
  });
  // The browser is trusted from now on (a new cookie each sign-in); after a recovery code or a new
  // authenticator, no other browser is.
  const device = await renewDeviceCookie(db, ctx.secret, user, ctx.device, {
    now,
    revokeOthers: method !== 'totp',
  });
  // A new token at sign-in: the pending session's token never becomes a full one.
  return { ...(await createSession(db, user.id, { ...ctx, mfaVerified: true, now })), device };
}

/** A wrong code: audited; the attempt that reaches the limit ends the pending sign-ins. */
async function secondFactorFailed(db: Db, user: StaffUser, ctx: AuthContext, n: number): Promise<never> {
  const tripped = n >= MFA_LOCKOUT.free;
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.second_factor_failed',
      client: ctx.client ?? null,
    });
    if (tripped) await endPendingSignIns(tx, user.id);
  });
  throw new AuthError(tripped ? 'too_many_codes' : 'invalid_code');
}

/** Step 2 of sign-in: a code from the authenticator app. */
export async function verifySecondFactor(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  code: string,
  ctx: AuthContext,
): Promise<SignedIn> {
  const now = ctx.now ?? new Date();
  const { n } = await countSecondFactorAttempt(db, user, ctx);
  const row = await loadTotpKey(db, user.id, ctx.secret);
  if (!row) throw new AuthError('not_set_up');
  const counter = matchTotp(row.key, code, now, row.last);
  if (counter === null) return secondFactorFailed(db, user, ctx, n);
  return db.transaction(async (tx) => {
    // Counted already: a code someone else just used stays a spent attempt.
    if (!(await claimTotpStep(tx, user.id, row.last, counter))) throw new AuthError('invalid_code');
    return completeSignIn(tx, pending, user, ctx, 'totp');
  });
}

/**
 * Step 2 of sign-in after an administrator reset the second factor: the member proves a new
 * authenticator app works, gets new recovery codes (held for the next page, see
 * `holdRecoveryCodes`) and is signed in. Wrong codes count against the account as sign-in's do.
 */
export async function enrolNewAuthenticator(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  input: { key: Uint8Array; code: string },
  ctx: AuthContext,
): Promise<SignedIn & { recoveryCodes: string[] }> {
  const now = ctx.now ?? new Date();
  const { n } = await countSecondFactorAttempt(db, user, ctx);
  if (matchTotp(input.key, input.code, now, null) === null) return secondFactorFailed(db, user, ctx, n);
  return db.transaction(async (tx) => {
    // The reset must still be in force (not already used by a parallel request).
    const [row] = await tx
      .select({ key: staffUsers.totpKeyEncrypted, resetAt: staffUsers.secondFactorResetAt })
      .from(staffUsers)
      .where(eq(staffUsers.id, user.id))
      .for('update');
    if (!row || row.key || !row.resetAt) throw new AuthError('not_set_up');
    const recoveryCodes = await storeTotpKey(tx, user.id, input.key, input.code, ctx.secret, now);
    await tx.update(staffUsers).set({ secondFactorResetAt: null }).where(eq(staffUsers.id, user.id));
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.totp_enrolled',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
      details: { afterReset: true },
    });
    const signedIn = await completeSignIn(tx, pending, user, ctx, 'new_authenticator');
    await holdRecoveryCodes(tx, signedIn.session.id, recoveryCodes, ctx.secret, now);
    return { ...signedIn, recoveryCodes };
  });
}

/** Step 2 of sign-in with a recovery code instead: each code works once. */
export async function verifyRecoveryCode(
  db: Db,
  pending: StaffSession,
  user: StaffUser,
  code: string,
  ctx: AuthContext,
): Promise<SignedIn> {
  const now = ctx.now ?? new Date();
  const { n } = await countSecondFactorAttempt(db, user, ctx);
  const candidates = recoveryCodeCandidates(ctx.secret, code);
  // A used code is kept (used) under the current key whatever it was found under, so a code hashed
  // under the app secret itself (`hmac:`) leaves no such value behind once used (decision 0147).
  const used = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: now, codeHash: candidates[0] })
    .where(
      and(
        eq(staffRecoveryCodes.staffId, user.id),
        inArray(staffRecoveryCodes.codeHash, candidates),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
  if (used.length === 0) return secondFactorFailed(db, user, ctx, n);
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
