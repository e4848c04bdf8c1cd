// Staff identity: sign-in with password and a second factor, invitations and password resets by
// one-time link, TOTP enrolment with recovery codes, and account changes. Every change writes its
// audit row in the same transaction.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  loginThrottles,
  staffRecoveryCodes,
  staffSessions,
  staffTokens,
  staffUsers,
  staffWardAssignments,
} from '../../../db/schema/index.ts';
import { hitRateLimit, type RateLimitRule, rateLimitKey } from '../../lib/server/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.server.ts';
import type { Role } from './permissions.ts';
import { open, seal } from './secret-box.ts';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  type SessionClient,
  type StaffSession,
  type StaffUser,
} from './session.server.ts';
import { lockoutMinutes, MAX_MFA_FAILURES } from './session.ts';
import { generateRecoveryCode, generateToken, hashToken, normaliseRecoveryCode } from './tokens.ts';
import { matchTotp } from './totp.ts';

export const INVITE_LIFETIME_MS = 72 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 60 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;

export const LOGIN_CLIENT_LIMIT: RateLimitRule = { scope: 'login:client', limit: 20, windowSeconds: 15 * 60 };
export const RESET_CLIENT_LIMIT: RateLimitRule = { scope: 'reset:client', limit: 5, windowSeconds: 15 * 60 };
export const RESET_EMAIL_LIMIT: RateLimitRule = { scope: 'reset:email', limit: 3, windowSeconds: 60 * 60 };
export const TOKEN_CLIENT_LIMIT: RateLimitRule = { scope: 'token:client', limit: 30, windowSeconds: 15 * 60 };
export const INVITE_LIMIT: RateLimitRule = { scope: 'invite:admin', limit: 30, windowSeconds: 60 * 60 };

/** Opening or using a one-time link: limited per client, so links cannot be guessed at speed. */
export async function limitLinkUse(db: Db, ctx: AuthContext): Promise<void> {
  const r = await hitRateLimit(
    db,
    ctx.secret,
    TOKEN_CLIENT_LIMIT,
    ctx.client ?? 'unknown',
    ctx.now ?? new Date(),
  );
  if (!r.allowed) throw new AuthError('throttled', r.retryAfterSeconds);
}

/** Invitations send email: an administrator's account cannot be used to send thousands. */
export async function limitInvitations(db: Db, adminId: string, ctx: AuthContext): Promise<void> {
  const r = await hitRateLimit(db, ctx.secret, INVITE_LIMIT, adminId, ctx.now ?? new Date());
  if (!r.allowed) throw new AuthError('throttled', r.retryAfterSeconds);
}

export interface AuthContext extends SessionClient {
  secret: Uint8Array;
  now?: Date;
}

export type AuthErrorCode =
  | 'invalid_credentials'
  | 'locked'
  | 'throttled'
  | 'not_set_up'
  | 'invalid_code'
  | 'too_many_codes'
  | 'invalid_link'
  | 'wrong_password'
  | 'email_taken';

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly retryAfterSeconds: number;
  constructor(code: AuthErrorCode, retryAfterSeconds = 0) {
    super(code);
    this.name = 'AuthError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

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

// ---------------------------------------------------------------------------------------------
// Invitations and one-time links

export interface NewStaff {
  email: string;
  name: string;
  role: Role;
  wardIds?: number[];
}

/** Creates a staff user with no password and a 72-hour invitation token. */
export async function inviteStaff(
  db: Db,
  input: NewStaff,
  actor: { id: string | null; email: string | null; client?: string | null },
  now = new Date(),
): Promise<{ staffId: string; token: string }> {
  const email = normaliseEmail(input.email);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, email));
    if (existing) throw new AuthError('email_taken');
    const staffId = crypto.randomUUID();
    await tx.insert(staffUsers).values({ id: staffId, email, name: input.name.trim(), role: input.role });
    if (input.role === 'ward_officer' && input.wardIds?.length) {
      await tx.insert(staffWardAssignments).values(input.wardIds.map((wardId) => ({ staffId, wardId })));
    }
    const token = generateToken();
    await tx.insert(staffTokens).values({
      id: hashToken(token),
      staffId,
      purpose: 'invite',
      expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      createdBy: actor.id,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: 'staff.invite',
      recordType: 'staff_user',
      recordId: staffId,
      client: actor.client ?? null,
      details: { role: input.role },
    });
    return { staffId, token };
  });
}

export interface TokenHolder {
  tokenId: string;
  purpose: 'invite' | 'password_reset';
  user: { id: string; email: string; name: string; role: Role; passwordSet: boolean; totpEnrolled: boolean };
}

/** The user a one-time link belongs to, while it is unused and unexpired; otherwise null. */
export async function findValidToken(
  db: Db,
  token: string,
  purpose: 'invite' | 'password_reset',
  now = new Date(),
): Promise<TokenHolder | null> {
  const [row] = await db
    .select({ token: staffTokens, user: staffUsers })
    .from(staffTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, staffTokens.staffId))
    .where(
      and(
        eq(staffTokens.id, hashToken(token)),
        eq(staffTokens.purpose, purpose),
        isNull(staffTokens.usedAt),
        gt(staffTokens.expiresAt, now),
      ),
    );
  if (!row?.user.active) return null;
  return {
    tokenId: row.token.id,
    purpose: row.token.purpose,
    user: {
      id: row.user.id,
      email: row.user.email,
      name: row.user.name,
      role: row.user.role,
      passwordSet: row.user.passwordHash !== null,
      totpEnrolled: row.user.totpKeyEncrypted !== null,
    },
  };
}

/** Invitation step 1: choose a password. The link stays valid until the second factor is set up. */
export async function setInitialPassword(
  db: Db,
  holder: TokenHolder,
  password: string,
  client: string | null,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(staffUsers.id, holder.user.id));
    await writeAudit(tx, {
      actorId: holder.user.id,
      actorLabel: holder.user.email,
      action: 'auth.password_set',
      recordType: 'staff_user',
      recordId: holder.user.id,
      client,
    });
  });
}

async function replaceRecoveryCodes(db: Db, staffId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  await db.insert(staffRecoveryCodes).values(
    codes.map((code) => ({
      id: crypto.randomUUID(),
      staffId,
      codeHash: hashToken(normaliseRecoveryCode(code)),
    })),
  );
  return codes;
}

/**
 * Stores a new TOTP key once the user has proved they can generate its codes, and issues fresh
 * recovery codes (returned once, stored hashed).
 */
async function storeTotpKey(
  db: Db,
  staffId: string,
  key: Uint8Array,
  code: string,
  secret: Uint8Array,
  now: Date,
): Promise<string[]> {
  const counter = matchTotp(key, code, now, null);
  if (counter === null) throw new AuthError('invalid_code');
  await db
    .update(staffUsers)
    .set({
      totpKeyEncrypted: seal(key, secret),
      totpEnrolledAt: now,
      totpLastCounter: counter,
      updatedAt: now,
    })
    .where(eq(staffUsers.id, staffId));
  return replaceRecoveryCodes(db, staffId);
}

/** Invitation step 2: enrol the authenticator app. Uses up the link and signs the user in. */
export async function completeInvitation(
  db: Db,
  holder: TokenHolder,
  key: Uint8Array,
  code: string,
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession; recoveryCodes: string[] }> {
  const now = ctx.now ?? new Date();
  if (!holder.user.passwordSet) throw new AuthError('not_set_up');
  return db.transaction(async (tx) => {
    const used = await tx
      .update(staffTokens)
      .set({ usedAt: now })
      .where(and(eq(staffTokens.id, holder.tokenId), isNull(staffTokens.usedAt)))
      .returning({ id: staffTokens.id });
    if (used.length === 0) throw new AuthError('invalid_link');
    const recoveryCodes = await storeTotpKey(tx, holder.user.id, key, code, ctx.secret, now);
    await writeAudit(tx, {
      actorId: holder.user.id,
      actorLabel: holder.user.email,
      action: 'auth.totp_enrolled',
      recordType: 'staff_user',
      recordId: holder.user.id,
      client: ctx.client ?? null,
    });
    await tx.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, holder.user.id));
    const { token, session } = await createSession(tx, holder.user.id, { ...ctx, mfaVerified: true, now });
    return { token, session, recoveryCodes };
  });
}

/**
 * Starts a password reset. Returns a token to email, or null when there is no such active,
 * set-up account — the caller shows the same message either way.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  ctx: AuthContext,
  /** Queues the email, inside the same transaction as the token it carries. */
  deliver?: (
    tx: Db,
    reset: { token: string; user: { id: string; email: string; name: string } },
  ) => Promise<void>,
): Promise<{ token: string; user: { id: string; email: string; name: string } } | null> {
  const now = ctx.now ?? new Date();
  const address = normaliseEmail(email);
  const byClient = await hitRateLimit(db, ctx.secret, RESET_CLIENT_LIMIT, ctx.client ?? 'unknown', now);
  if (!byClient.allowed) throw new AuthError('throttled', byClient.retryAfterSeconds);
  const byEmail = await hitRateLimit(db, ctx.secret, RESET_EMAIL_LIMIT, address, now);
  if (!byEmail.allowed) return null;
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, address));
  if (!user?.active || !user.passwordHash || !user.totpKeyEncrypted) return null;
  const token = generateToken();
  await db.transaction(async (tx) => {
    await tx.insert(staffTokens).values({
      id: hashToken(token),
      staffId: user.id,
      purpose: 'password_reset',
      expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS),
    });
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'auth.password_reset_requested',
      client: ctx.client ?? null,
    });
    await deliver?.(tx, { token, user: { id: user.id, email: user.email, name: user.name } });
  });
  return { token, user: { id: user.id, email: user.email, name: user.name } };
}

/** Finishes a reset: new password, link used up, every session ended. The second factor stays. */
export async function completePasswordReset(
  db: Db,
  holder: TokenHolder,
  password: string,
  client: string | null,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const used = await tx
      .update(staffTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(staffTokens.id, holder.tokenId), isNull(staffTokens.usedAt)))
      .returning({ id: staffTokens.id });
    if (used.length === 0) throw new AuthError('invalid_link');
    await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(staffUsers.id, holder.user.id));
    await invalidateUserSessions(tx, holder.user.id);
    await writeAudit(tx, {
      actorId: holder.user.id,
      actorLabel: holder.user.email,
      action: 'auth.password_reset',
      recordType: 'staff_user',
      recordId: holder.user.id,
      client,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The signed-in user's own account

async function requirePassword(db: Db, staffId: string, password: string): Promise<void> {
  const [row] = await db
    .select({ hash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  if (!row?.hash || !(await verifyPassword(row.hash, password))) throw new AuthError('wrong_password');
}

/** Changes the password and ends every session; returns a fresh session for this browser. */
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
