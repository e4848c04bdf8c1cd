// Fixed-window rate limits kept in the database, so every server process shares them.
// Keys are HMACs (keyed with the app secret) of what they count: no address is stored.
import { createHmac } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { rateLimits } from '../../../db/schema/index.ts';
import { clientGroup } from './client-address.ts';

export interface RateLimitRule {
  /** What is being limited, e.g. "login:client". */
  scope: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (0 when allowed). */
  retryAfterSeconds: number;
}

/** A client's address is counted by its group (an IPv6 client by its /64): see `clientGroup`. */
export function rateLimitKey(secret: Uint8Array, scope: string, value: string): string {
  return `${scope}:${createHmac('sha256', secret).update(clientGroup(value)).digest('base64url')}`;
}

/** Counts one attempt and says whether it is within the limit. */
export async function hitRateLimit(
  db: Db,
  secret: Uint8Array,
  rule: RateLimitRule,
  value: string,
  now = new Date(),
): Promise<RateLimitResult> {
  const key = rateLimitKey(secret, rule.scope, value);
  // Dates inside sql`` go to the driver as they are; postgres.js wants text, so cast explicitly.
  const cutoff = sql`${new Date(now.getTime() - rule.windowSeconds * 1000).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${cutoff} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${cutoff} then ${nowSql} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (!row) throw new Error('Rate limit upsert returned nothing');
  if (row.count <= rule.limit) return { allowed: true, retryAfterSeconds: 0 };
  const resetAt = row.windowStart.getTime() + rule.windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)) };
}

/** Gives back one counted attempt (one that turned out not to be what the limit is about). */
export async function refundRateLimit(
  db: Db,
  secret: Uint8Array,
  rule: RateLimitRule,
  value: string,
): Promise<void> {
  const key = rateLimitKey(secret, rule.scope, value);
  await db
    .update(rateLimits)
    .set({ count: sql`${rateLimits.count} - 1` })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.count, 0)));
}

/** Removes windows that ended more than a day ago. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 86_400_000)));
}
