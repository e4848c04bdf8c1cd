// A staff member's stored credentials: the password check, the TOTP key and the recovery codes
// issued with it, and the context (secret, client, clock) every auth function takes.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodeReveals, staffRecoveryCodes, staffUsers } from '../../../db/schema/index.ts';
import { deriveKey, KEY_LABELS } from '../secrets/keys.ts';
import { open, seal } from '../secrets/secret-box.ts';
import { AuthError } from './auth-errors.ts';
import { verifyPassword } from './password.server.ts';
import type { SessionClient } from './session.server.ts';
import { generateRecoveryCode, recoveryCodeHash } from './tokens.ts';
import { matchTotp } from './totp.ts';
import { sealTotpKey } from './totp-keys.server.ts';

export const RECOVERY_CODE_COUNT = 10;

export interface AuthContext extends SessionClient {
  secret: Uint8Array;
  /** The portal's public address, for links in the emails a sign-in change sends. */
  baseUrl: string;
  now?: Date;
  /** The device cookie the browser presented, if any (see device-cookies.server.ts). */
  device?: string | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A member has finished setting up once they have a password and a second factor — or are due to set
 * up a new one because an administrator reset theirs (they sign in with the password, then enrol).
 */
export function finishedSetUp(user: {
  passwordHash: string | null;
  totpKeyEncrypted: string | null;
  secondFactorResetAt: Date | null;
}): boolean {
  return Boolean(user.passwordHash && (user.totpKeyEncrypted || user.secondFactorResetAt));
}

export async function replaceRecoveryCodes(db: Db, staffId: string, secret: Uint8Array): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  await db.insert(staffRecoveryCodes).values(
    codes.map((code) => ({
      id: crypto.randomUUID(),
      staffId,
      codeHash: recoveryCodeHash(secret, code),
    })),
  );
  return codes;
}

/** How long new recovery codes stay on screen for the session that asked for them. */
export const RECOVERY_CODE_REVEAL_MS = 15 * 60 * 1000;

function revealKey(secret: Uint8Array): Buffer {
  return deriveKey(secret, KEY_LABELS.recoveryCodeReveal);
}

/**
 * Keeps codes just issued for the session that asked for them, sealed, so the next page can show
 * them: they never travel in a cookie or an action result.
 */
export async function holdRecoveryCodes(
  db: Db,
  sessionId: string,
  codes: string[],
  secret: Uint8Array,
  now: Date,
): Promise<void> {
  const codesSealed = seal(new TextEncoder().encode(JSON.stringify(codes)), revealKey(secret));
  const expiresAt = new Date(now.getTime() + RECOVERY_CODE_REVEAL_MS);
  await db
    .insert(staffRecoveryCodeReveals)
    .values({ sessionId, codesSealed, expiresAt })
    .onConflictDoUpdate({ target: staffRecoveryCodeReveals.sessionId, set: { codesSealed, expiresAt } });
}

/** The codes held for this session, while they may still be shown; otherwise none. */
export async function heldRecoveryCodes(
  db: Db,
  sessionId: string,
  secret: Uint8Array,
  now = new Date(),
): Promise<string[]> {
  const [row] = await db
    .select({ codesSealed: staffRecoveryCodeReveals.codesSealed })
    .from(staffRecoveryCodeReveals)
    .where(
      and(eq(staffRecoveryCodeReveals.sessionId, sessionId), gt(staffRecoveryCodeReveals.expiresAt, now)),
    );
  if (!row) return [];
  const codes: unknown = JSON.parse(new TextDecoder().decode(open(row.codesSealed, revealKey(secret))));
  return Array.isArray(codes) ? codes.map(String) : [];
}

/** The member has saved them (or left): nothing of the codes is kept but their hashes. */
export async function forgetHeldRecoveryCodes(db: Db, sessionId: string): Promise<void> {
  await db.delete(staffRecoveryCodeReveals).where(eq(staffRecoveryCodeReveals.sessionId, sessionId));
}

/**
 * Stores a new TOTP key once the user has proved they can generate its codes, and issues fresh
 * recovery codes (returned once, stored as keyed hashes).
 */
export async function storeTotpKey(
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
      totpKeyEncrypted: sealTotpKey(secret, key),
      totpEnrolledAt: now,
      totpLastCounter: counter,
      updatedAt: now,
    })
    .where(eq(staffUsers.id, staffId));
  return replaceRecoveryCodes(db, staffId, secret);
}

export async function requirePassword(db: Db, staffId: string, password: string): Promise<void> {
  const [row] = await db
    .select({ hash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  if (!row?.hash || !(await verifyPassword(row.hash, password))) throw new AuthError('wrong_password');
}

/**
 * Claims a TOTP time step atomically: only if the last one accepted is still `last`, so a
 * concurrent request with the same code finds it taken. True when this request claimed it.
 */
export async function claimTotpStep(
  db: Db,
  staffId: string,
  last: number | null,
  counter: number,
): Promise<boolean> {
  const claimed = await db
    .update(staffUsers)
    .set({ totpLastCounter: counter })
    .where(
      and(
        eq(staffUsers.id, staffId),
        last === null ? isNull(staffUsers.totpLastCounter) : eq(staffUsers.totpLastCounter, last),
      ),
    )
    .returning({ id: staffUsers.id });
  return claimed.length > 0;
}
