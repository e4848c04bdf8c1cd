// Lockouts after failed sign-in attempts (rules in session.ts). Each attempt is counted before it is
// checked, in one conditional UPDATE … SET failures = failures + 1 … RETURNING: parallel attempts
// each get their own number, and none gets past a lock another one set. A success gives its
// attempt back (a password) or clears the count (a complete sign-in).
// Keys are HMACs of the email address (and client), whether or not an account exists.
import { createHmac } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { loginThrottles } from '../../../db/schema/index.ts';
import { clientGroup } from '../../server/node/client-address.ts';
import { derivedKeyObject, KEY_LABELS } from '../secrets/keys.ts';
import { normaliseEmail } from './credentials.server.ts';
import {
  ACCOUNT_LOCKOUT,
  type LockoutRule,
  MAX_LOCKOUT_MINUTES,
  MFA_LOCKOUT,
  PAIR_LOCKOUT,
  REAUTH_LOCKOUT,
} from './session.ts';

/** Under the key derived for lockouts (KEY_LABELS.loginThrottle), never the app secret itself. */
function mac(secret: Uint8Array, value: string): string {
  return createHmac('sha256', derivedKeyObject(secret, KEY_LABELS.loginThrottle))
    .update(value)
    .digest('base64url');
}

export interface ThrottleKeys {
  pair: string;
  account: string;
  mfa: string;
  reauth: string;
}

/** The keys an email address (and a client) is counted under. */
export function throttleKeys(secret: Uint8Array, email: string, client: string | null): ThrottleKeys {
  const who = mac(secret, normaliseEmail(email));
  return {
    pair: `${PAIR_LOCKOUT.scope}:${who}:${mac(secret, clientGroup(client ?? 'unknown'))}`,
    account: `${ACCOUNT_LOCKOUT.scope}:${who}`,
    mfa: `${MFA_LOCKOUT.scope}:${who}`,
    reauth: `${REAUTH_LOCKOUT.scope}:${who}`,
  };
}

const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

export type Attempt = { allowed: true; n: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts an attempt under `key` unless it is locked. The n-th attempt (failures older than a day are
 * forgotten) sets the lock the rule gives n failures, so the next attempt waits unless this one
 * succeeds and gives its attempt back.
 */
export async function reserveAttempt(db: Db, key: string, rule: LockoutRule, now: Date): Promise<Attempt> {
  await db.insert(loginThrottles).values({ key, failures: 0, lastFailureAt: now }).onConflictDoNothing();
  const stale = sql`${loginThrottles.lastFailureAt} < ${at(now)} - interval '1 day'`;
  const next = sql`(case when ${stale} then 1 else ${loginThrottles.failures} + 1 end)`;
  const lock = sql`case when ${next} >= ${rule.free}::int
    then ${at(now)} + least(${MAX_LOCKOUT_MINUTES}::int, power(2, ${next} - ${rule.free}::int)) * interval '1 minute'
    else null end`;
  const [row] = await db
    .update(loginThrottles)
    .set({ failures: next, lastFailureAt: at(now), lockedUntil: lock })
    .where(
      and(
        eq(loginThrottles.key, key),
        or(sql`${loginThrottles.lockedUntil} is null`, sql`${loginThrottles.lockedUntil} <= ${at(now)}`),
      ),
    )
    .returning({ failures: loginThrottles.failures });
  if (row) return { allowed: true, n: row.failures };
  return { allowed: false, retryAfterSeconds: Math.max(1, await lockedFor(db, key, now)) };
}

/** Gives back an attempt that succeeded (the password was right): only failures count. */
export async function refundAttempt(db: Db, key: string, rule: LockoutRule): Promise<void> {
  await db
    .update(loginThrottles)
    .set({
      failures: sql`greatest(${loginThrottles.failures} - 1, 0)`,
      lockedUntil: sql`case when ${loginThrottles.failures} - 1 < ${rule.free}::int then null else ${loginThrottles.lockedUntil} end`,
    })
    .where(eq(loginThrottles.key, key));
}

/** Seconds until `key` is unlocked (0: not locked). */
export async function lockedFor(db: Db, key: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(eq(loginThrottles.key, key));
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/**
 * After a complete sign-in: forgets the wrong codes, the account page's re-authentication count and
 * this client's count for the address. The
 * address-wide count stays until it runs out: a guesser elsewhere gets no new allowance each time the
 * owner signs in (the owner's browser does not need it cleared: its device cookie is trusted).
 */
export async function clearAfterSignIn(
  db: Db,
  secret: Uint8Array,
  email: string,
  client: string | null,
): Promise<void> {
  const keys = throttleKeys(secret, email, client);
  await db.delete(loginThrottles).where(inArray(loginThrottles.key, [keys.mfa, keys.reauth, keys.pair]));
}

/**
 * Forgets every count for an email address: its own, the second factor's, and every client's.
 * Returns how many were locked at `now`.
 */
export async function clearThrottles(db: Db, secret: Uint8Array, email: string, now: Date): Promise<number> {
  const keys = throttleKeys(secret, email, null);
  const pairPrefix = keys.pair.slice(0, keys.pair.lastIndexOf(':') + 1);
  const rows = await db
    .delete(loginThrottles)
    .where(
      or(
        eq(loginThrottles.key, keys.account),
        eq(loginThrottles.key, keys.mfa),
        eq(loginThrottles.key, keys.reauth),
        sql`left(${loginThrottles.key}, ${pairPrefix.length}::int) = ${pairPrefix}`,
      ),
    )
    .returning({ lockedUntil: loginThrottles.lockedUntil });
  return rows.filter((r) => r.lockedUntil && r.lockedUntil > now).length;
}
