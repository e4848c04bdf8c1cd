// Invitations and password resets by one-time link: issuing them (rate-limited), finding the
// holder of a valid link, and completing them. Every change writes its audit row in the same
// transaction.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffTokens, staffUsers, staffWardAssignments } from '../../../db/schema/index.ts';
import { hitRateLimit, type RateLimitRule } from '../../lib/server/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { AuthError } from './auth-errors.ts';
import { type AuthContext, normaliseEmail, storeTotpKey } from './credentials.server.ts';
import { clearThrottles } from './login-throttles.server.ts';
import { hashPassword } from './password.server.ts';
import type { Role } from './permissions.ts';
import { createSession, invalidateUserSessions, type StaffSession } from './session.server.ts';
import { generateToken, hashToken } from './tokens.ts';

export const INVITE_LIFETIME_MS = 72 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 60 * 60 * 1000;
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
  secret: Uint8Array,
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
    // Proof of the mailbox ends any lockout: whoever kept the account locked cannot keep doing so.
    await clearThrottles(tx, secret, holder.user.email, new Date());
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
