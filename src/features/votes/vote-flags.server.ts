// Signs for staff that a round's votes may not be what they seem. Never a reason to refuse a vote:
// each is recorded in the audit log as "vote.flagged" on the round (no address, no client), for a
// staff page to count and show. What is flagged, and its thresholds, are in ballots.ts.
//
// - disposable_domain: a vote cast from an address at a throwaway-mail domain (the
//   `disposable-email-domains-js` list, loaded once); recorded when cast, as the address is not
//   kept to look at later.
// - client_burst: a client casting more than CLIENT_BURST_PER_HOUR votes in an hour (counted like a
//   rate limit, under the in-memory key, so the row cannot be tied to the client).
// - district_burst: each DISTRICT_BURST_PER_HOUR-th confirmed vote of the round from one district
//   within an hour.
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import { and, count, eq, gt } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { voteBallots } from '../../../db/schema/index.ts';
import { ephemeralDailyKey, hitRateLimit } from '../../server/node/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import {
  CLIENT_BURST_PER_HOUR,
  DISTRICT_BURST_PER_HOUR,
  normaliseAddress,
  type VoteFlag,
} from './ballots.ts';

let disposable: Set<string> | undefined;

/** Whether the address is at a disposable-mail domain (the list is read once, on first use). */
export function isDisposableAddress(email: string): boolean {
  disposable ??= disposableEmailBlocklistSet();
  const domain = normaliseAddress(email).split('@').pop() ?? '';
  return disposable.has(domain);
}

async function flag(db: Db | Tx, roundId: number, flags: VoteFlag[], district?: string): Promise<void> {
  if (flags.length === 0) return;
  await writeAudit(db as Db, {
    actorLabel: 'a resident voting',
    action: 'vote.flagged',
    recordType: 'vote_round',
    recordId: roundId,
    details: { flags, ...(district ? { district } : {}) },
  });
}

/** After a vote is cast: a disposable domain, a burst from the client. */
export async function flagCast(
  db: Db,
  roundId: number,
  email: string,
  client: string | null,
  now: Date,
): Promise<void> {
  const flags: VoteFlag[] = [];
  if (isDisposableAddress(email)) flags.push('disposable_domain');
  if (client) {
    const rule = { scope: 'vote:burst', limit: CLIENT_BURST_PER_HOUR, windowSeconds: 3600, onTheClock: true };
    const burst = await hitRateLimit(db, ephemeralDailyKey(now), rule, client, now);
    if (!burst.allowed) flags.push('client_burst');
  }
  await flag(db, roundId, flags);
}

/** After a vote is confirmed, in its transaction: many from one district within the hour. */
export async function flagConfirmed(tx: Tx, roundId: number, district: string, now: Date): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(voteBallots)
    .where(
      and(
        eq(voteBallots.roundId, roundId),
        eq(voteBallots.district, district),
        gt(voteBallots.confirmedAt, new Date(now.getTime() - 3_600_000)),
      ),
    );
  const n = row?.n ?? 0;
  if (n > 0 && n % DISTRICT_BURST_PER_HOUR === 0) await flag(tx, roundId, ['district_burst'], district);
}
