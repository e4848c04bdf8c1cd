// Fixed-window rate limits kept in the database, so every server process shares them.
// Keys are HMACs of what they count: no address is stored. Staff and subscription limits key them with
// a key derived from the app secret for this use alone (KEY_LABELS.rateLimit in
// features/secrets/keys.ts); residents' with a key that lives only in memory (ephemeralDailyKey).
import { createHmac, type KeyObject, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { rateLimits } from '../../../db/schema/index.ts';
import { clientGroup } from './client-address.ts';

export interface RateLimitRule {
  /** What is being limited, e.g. "login:client". */
  scope: string;
  limit: number;
  windowSeconds: number;
  /**
   * Windows on the clock (an hourly rule counts from the start of each hour) rather than from a
   * client's first attempt, so a row's time says nothing finer than the window it counts.
   */
  onTheClock?: boolean;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (0 when allowed). */
  retryAfterSeconds: number;
  /** Attempts counted in the window so far, this one included. */
  count: number;
}

/**
 * The key a limit's rows are kept under: a derived key or a KeyObject, never the app secret itself
 * (a plain Uint8Array, which this type refuses).
 */
export type RateLimitKey = Buffer | KeyObject;

/** A client's address is counted by its group (an IPv6 client by its /64): see `clientGroup`. */
export function rateLimitKey(key: RateLimitKey, scope: string, value: string): string {
  return `${scope}:${createHmac('sha256', key).update(clientGroup(value)).digest('base64url')}`;
}

/**
 * The statement that counts one attempt (an upsert returning the window's `count` and
 * `window_start`), not yet run: hitRateLimit runs it alone; a caller may make it part of a larger
 * statement (a CTE) and read the row with `limitResult`.
 */
export function rateLimitHit(
  db: Db,
  hmacKey: RateLimitKey,
  rule: RateLimitRule,
  value: string,
  now = new Date(),
) {
  const key = rateLimitKey(hmacKey, rule.scope, value);
  const windowMs = rule.windowSeconds * 1000;
  const start = rule.onTheClock ? new Date(Math.floor(now.getTime() / windowMs) * windowMs) : now;
  // Dates inside sql`` go to the driver as they are; postgres.js wants text, so cast explicitly.
  const startSql = sql`${start.toISOString()}::timestamptz`;
  const ended = rule.onTheClock
    ? sql`${rateLimits.windowStart} < ${startSql}`
    : sql`${rateLimits.windowStart} <= ${`${new Date(now.getTime() - windowMs).toISOString()}`}::timestamptz`;
  return db
    .insert(rateLimits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${ended} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${ended} then ${startSql} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
}

/** What the row rateLimitHit returned says: within the limit, or when to try again. */
export function limitResult(
  row: { count: number; windowStart: Date },
  rule: RateLimitRule,
  now = new Date(),
): RateLimitResult {
  if (row.count <= rule.limit) return { allowed: true, retryAfterSeconds: 0, count: row.count };
  const resetAt = row.windowStart.getTime() + rule.windowSeconds * 1000;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
    count: row.count,
  };
}

/** Counts one attempt and says whether it is within the limit. */
export async function hitRateLimit(
  db: Db,
  hmacKey: RateLimitKey,
  rule: RateLimitRule,
  value: string,
  now = new Date(),
): Promise<RateLimitResult> {
  const [row] = await rateLimitHit(db, hmacKey, rule, value, now);
  if (!row) throw new Error('Rate limit upsert returned nothing');
  return limitResult(row, rule, now);
}

let ephemeral: { day: string; key: Buffer } | undefined;

/**
 * A key that lives only in this process's memory and is replaced at each UTC midnight: rows keyed
 * under it cannot be tied to an address by anyone who later holds the database and the app secret
 * (residents' limits: security review 2, item 1). Each server process has its own, so with several
 * processes a client's allowance is per process (decision 0102).
 */
export function ephemeralDailyKey(now = new Date()): Buffer {
  const day = now.toISOString().slice(0, 10);
  if (ephemeral?.day !== day) ephemeral = { day, key: randomBytes(32) };
  return ephemeral.key;
}

/**
 * A resident's limit: counted under the key only this process's memory holds, in windows on the clock,
 * so no one holding the database and the app secret can tie a limit row to an address, or to a record
 * by its time (security review 2, item 1; decision 0102). `value` is the client's address.
 */
export function hitResidentLimit(
  db: Db,
  rule: RateLimitRule,
  value: string,
  now = new Date(),
): Promise<RateLimitResult> {
  return hitRateLimit(db, ephemeralDailyKey(now), { ...rule, onTheClock: true }, value, now);
}

/** Gives back one counted attempt (one that turned out not to be what the limit is about). */
export async function refundRateLimit(
  db: Db,
  hmacKey: RateLimitKey,
  rule: RateLimitRule,
  value: string,
): Promise<void> {
  const key = rateLimitKey(hmacKey, rule.scope, value);
  await db
    .update(rateLimits)
    .set({ count: sql`${rateLimits.count} - 1` })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.count, 0)));
}

/** Removes windows that ended more than a day ago. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 86_400_000)));
}
