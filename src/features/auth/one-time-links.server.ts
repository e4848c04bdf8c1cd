// Invitations and password resets by one-time link: issuing them (rate-limited), finding the
// holder of a valid link, completing them and revoking them. The links are one-time secrets
// (features/secrets): only their keyed hash is stored. Every change writes its audit row in the same
// transaction.
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { staffUsers, staffWardAssignments } from '../../../db/schema/index.ts';
import { hitRateLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { rateLimitKeyFor } from '../secrets/keys.ts';
import { consumeSecret, findSecret, issueSecret, revokeSecrets } from '../secrets/secrets.server.ts';
import { defineSecretPurpose } from '../secrets/secrets.ts';
import { AuthError } from './auth-errors.ts';
import {
  type AuthContext,
  finishedSetUp,
  holdRecoveryCodes,
  normaliseEmail,
  storeTotpKey,
} from './credentials.server.ts';
import { type DeviceCookie, renewDeviceCookie, revokeDeviceCookies } from './device-cookies.server.ts';
import { clearThrottles } from './login-throttles.server.ts';
import { hashPassword } from './password.server.ts';
import type { Role } from './permissions.ts';
import { createSession, invalidateUserSessions, type StaffSession } from './session.server.ts';

export const INVITE_LIFETIME_MS = 72 * 60 * 60 * 1000;
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

export type LinkPurpose = 'invite' | 'password_reset';

/** The one-time secrets behind staff links. */
export const STAFF_LINKS = {
  invite: defineSecretPurpose({
    name: 'staff-invite',
    form: 'link',
    lifetimeMs: INVITE_LIFETIME_MS,
    singleUse: true,
    maxAttempts: null,
  }),
  password_reset: defineSecretPurpose({
    name: 'staff-password-reset',
    form: 'link',
    lifetimeMs: RESET_LIFETIME_MS,
    singleUse: true,
    maxAttempts: null,
  }),
} as const;

/**
 * Ends a staff member's outstanding links: resets only (a reset was completed), or all (password
 * changed, account deactivated: so reactivating it revives nothing). Returns how many were revoked.
 */
export async function revokeStaffLinks(
  tx: DbOrTx,
  staffId: string,
  which: 'resets' | 'all',
  now = new Date(),
): Promise<number> {
  const purposes =
    which === 'all' ? [STAFF_LINKS.invite, STAFF_LINKS.password_reset] : [STAFF_LINKS.password_reset];
  return revokeSecrets(tx, purposes, staffId, { now });
}
export const RESET_CLIENT_LIMIT: RateLimitRule = { scope: 'reset:client', limit: 5, windowSeconds: 15 * 60 };
export const RESET_EMAIL_LIMIT: RateLimitRule = { scope: 'reset:email', limit: 3, windowSeconds: 60 * 60 };
export const TOKEN_CLIENT_LIMIT: RateLimitRule = { scope: 'token:client', limit: 30, windowSeconds: 15 * 60 };
export const INVITE_LIMIT: RateLimitRule = { scope: 'invite:admin', limit: 30, windowSeconds: 60 * 60 };

/** Opening or using a one-time link: limited per client, so links cannot be guessed at speed. */
export async function limitLinkUse(db: Db, ctx: Omit<AuthContext, 'baseUrl'>): Promise<void> {
  const r = await hitRateLimit(
    db,
    rateLimitKeyFor(ctx.secret),
    TOKEN_CLIENT_LIMIT,
    ctx.client ?? 'unknown',
    ctx.now ?? new Date(),
  );
  if (!r.allowed) throw new AuthError('throttled', r.retryAfterSeconds);
}

/** Invitations send email: an administrator's account cannot be used to send thousands. */
export async function limitInvitations(
  db: Db,
  adminId: string,
  ctx: Omit<AuthContext, 'baseUrl'>,
): Promise<void> {
  const r = await hitRateLimit(db, rateLimitKeyFor(ctx.secret), INVITE_LIMIT, adminId, ctx.now ?? new Date());
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
  appSecret: Uint8Array,
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
    const { secret: token } = await issueSecret(tx, appSecret, STAFF_LINKS.invite, staffId, { now });
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
  purpose: LinkPurpose;
  user: { id: string; email: string; name: string; role: Role; passwordSet: boolean; totpEnrolled: boolean };
}

/** The user a one-time link belongs to, while it is unused and unexpired; otherwise null. */
export async function findValidToken(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  purpose: LinkPurpose,
  now = new Date(),
): Promise<TokenHolder | null> {
  const found = await findSecret(db, appSecret, STAFF_LINKS[purpose], token, now);
  if (!found) return null;
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, found.subject));
  if (!user?.active) return null;
  return {
    tokenId: found.id,
    purpose,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      passwordSet: user.passwordHash !== null,
      totpEnrolled: user.totpKeyEncrypted !== null,
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
  await storeInitialPassword(db, holder, await hashPassword(password), client);
}

/**
 * Step 1 with the password already hashed by hashPassword: the test helpers hash each password
 * once per process rather than once per staff member they create.
 */
export async function storeInitialPassword(
  db: Db,
  holder: TokenHolder,
  passwordHash: string,
  client: string | null,
): Promise<void> {
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

/**
 * Invitation step 2: enrol the authenticator app. Uses up the link and signs the user in; the
 * browser is trusted from now on (a device cookie, as after any complete sign-in).
 */
export async function completeInvitation(
  db: Db,
  holder: TokenHolder,
  key: Uint8Array,
  code: string,
  ctx: AuthContext,
): Promise<{ token: string; session: StaffSession; recoveryCodes: string[]; device: DeviceCookie }> {
  const now = ctx.now ?? new Date();
  if (!holder.user.passwordSet) throw new AuthError('not_set_up');
  return db.transaction(async (tx) => {
    if (!(await consumeSecret(tx, holder.tokenId, now))) throw new AuthError('invalid_link');
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
    await holdRecoveryCodes(tx, session.id, recoveryCodes, ctx.secret, now);
    const device = await renewDeviceCookie(tx, ctx.secret, holder.user, ctx.device, { now });
    return { token, session, recoveryCodes, device };
  });
}

export interface LinkToSend {
  /** A reset link, or a fresh invitation for a member who never finished setting up. */
  kind: 'password_reset' | 'invite';
  token: string;
  user: { id: string; email: string; name: string };
}

/**
 * "Forgot password". An active, set-up member gets a reset link; an active member who never finished
 * setting up gets a fresh invitation instead (their old one revoked), so an expired invitation is not a
 * dead end. Returns the link to email, or null when there is nothing to send — the caller shows the
 * same page either way, so the answer tells nobody whether an account exists.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  ctx: AuthContext,
  /** Queues the email, inside the same transaction as the link it carries. */
  deliver?: (tx: Db, link: LinkToSend) => Promise<void>,
): Promise<LinkToSend | null> {
  const now = ctx.now ?? new Date();
  const address = normaliseEmail(email);
  const byClient = await hitRateLimit(
    db,
    rateLimitKeyFor(ctx.secret),
    RESET_CLIENT_LIMIT,
    ctx.client ?? 'unknown',
    now,
  );
  if (!byClient.allowed) throw new AuthError('throttled', byClient.retryAfterSeconds);
  const byEmail = await hitRateLimit(db, rateLimitKeyFor(ctx.secret), RESET_EMAIL_LIMIT, address, now);
  if (!byEmail.allowed) return null;
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, address));
  if (!user?.active) return null;
  const kind: LinkToSend['kind'] = finishedSetUp(user) ? 'password_reset' : 'invite';
  return db.transaction(async (tx) => {
    // A new invitation replaces the old one; reset links may stand side by side until one is used.
    const { secret: token } = await issueSecret(tx, ctx.secret, STAFF_LINKS[kind], user.id, {
      now,
      replace: kind === 'invite',
    });
    await writeAudit(tx, {
      actorId: user.id,
      actorLabel: user.email,
      action: kind === 'invite' ? 'auth.invitation_requested' : 'auth.password_reset_requested',
      recordType: 'staff_user',
      recordId: user.id,
      client: ctx.client ?? null,
    });
    const link: LinkToSend = { kind, token, user: { id: user.id, email: user.email, name: user.name } };
    await deliver?.(tx, link);
    return link;
  });
}

/**
 * An administrator sends a member who never finished setting up a new invitation: a new 72-hour
 * link, the old one revoked, audited. Throws AuthError 'not_found' for no such active member and
 * 'already_set_up' for one who finished. The caller rate-limits (limitInvitations) and emails it.
 */
export async function reissueInvitation(
  tx: DbOrTx,
  staffId: string,
  actor: { id: string; email: string; client?: string | null },
  appSecret: Uint8Array,
  now = new Date(),
): Promise<{ token: string; user: { id: string; email: string; name: string } }> {
  const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, staffId)).for('update');
  if (!user?.active) throw new AuthError('not_found');
  if (finishedSetUp(user)) throw new AuthError('already_set_up');
  const { secret: token } = await issueSecret(tx, appSecret, STAFF_LINKS.invite, staffId, {
    now,
    replace: true,
  });
  await writeAudit(tx, {
    actorId: actor.id,
    actorLabel: actor.email,
    action: 'staff.invitation_resent',
    recordType: 'staff_user',
    recordId: staffId,
    client: actor.client ?? null,
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
  now = new Date(),
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    if (!(await consumeSecret(tx, holder.tokenId, now))) throw new AuthError('invalid_link');
    // Every other reset link the member asked for dies with this one.
    await revokeStaffLinks(tx, holder.user.id, 'resets', now);
    await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(staffUsers.id, holder.user.id));
    await invalidateUserSessions(tx, holder.user.id);
    await revokeDeviceCookies(tx, holder.user.id, now);
    // Proof of the mailbox ends any lockout: whoever kept the account locked cannot keep doing so.
    await clearThrottles(tx, secret, holder.user.email, now);
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
