// A staff member's stored credentials: the password check, the TOTP key and the recovery codes
// issued with it, and the context (secret, client, clock) every auth function takes.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffUsers } from '../../../db/schema/index.ts';
import { AuthError } from './auth-errors.ts';
import { verifyPassword } from './password.server.ts';
import { seal } from './secret-box.ts';
import type { SessionClient } from './session.server.ts';
import { generateRecoveryCode, recoveryCodeHash } from './tokens.ts';
import { matchTotp } from './totp.ts';

export const RECOVERY_CODE_COUNT = 10;

export interface AuthContext extends SessionClient {
  secret: Uint8Array;
  now?: Date;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
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
      totpKeyEncrypted: seal(key, secret),
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
