// Signs for staff that a round's votes may not be what they seem. Never a reason to refuse a vote:
// each is recorded in the audit log as "vote.flagged" on the round (no address, no client), for a
// staff page to count and show. What is flagged, and its thresholds, are in ballots.ts.
//
// - disposable_domain: a vote cast from an address at a throwaway-mail domain (the
//   `disposable-email-domains-js` list, loaded once); recorded when cast, as the address is not
//   kept to look at later.
// - client_burst: a client casting more than CLIENT_BURST_PER_HOUR votes in an hour (counted by the
//   cast limit's row, under the in-memory key, so the row cannot be tied to the client).
// - district_burst: DISTRICT_BURST_PER_HOUR or more confirmed votes of the round from one district
//   in one hour: not recorded, counted from the ballots themselves whenever asked (roundSignals).
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { auditLog, voteBallots } from '../../../db/schema/index.ts';
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

async function flag(db: Db, roundId: number, flags: VoteFlag[]): Promise<void> {
  if (flags.length === 0) return;
  await writeAudit(db, {
    actorLabel: 'a resident voting',
    action: 'vote.flagged',
    recordType: 'vote_round',
    recordId: roundId,
    details: { flags },
  });
}

/**
 * After a vote is cast: a disposable domain; a burst from the client (`castThisHour`, counted by the
 * cast limit's row, past CLIENT_BURST_PER_HOUR). Recorded, never refused.
 */
export async function flagCast(db: Db, roundId: number, email: string, castThisHour: number): Promise<void> {
  const flags: VoteFlag[] = [];
  if (isDisposableAddress(email)) flags.push('disposable_domain');
  if (castThisHour > CLIENT_BURST_PER_HOUR) flags.push('client_burst');
  await flag(db, roundId, flags);
}

export interface RoundSignals {
  /** Votes cast from disposable-mail domains (confirmed or not). */
  disposableDomains: number;
  /** Votes cast past a client's hourly burst threshold. */
  clientBursts: number;
  /** Hours in which one district confirmed DISTRICT_BURST_PER_HOUR or more votes (still counted). */
  districtBursts: { district: string; hour: Date; votes: number }[];
}

/** The signals of a round, for staff: what was flagged when votes were cast, and district bursts. */
export async function roundSignals(db: Db, roundId: number): Promise<RoundSignals> {
  const flagged = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'vote.flagged'),
        eq(auditLog.recordType, 'vote_round'),
        eq(auditLog.recordId, String(roundId)),
      ),
    );
  const has = (flag: VoteFlag) =>
    flagged.filter((f) => ((f.details as { flags?: string[] } | null)?.flags ?? []).includes(flag)).length;
  const hour = sql<string>`date_trunc('hour', ${voteBallots.confirmedAt})`;
  const bursts = await db
    .select({ district: voteBallots.district, hour, votes: count() })
    .from(voteBallots)
    .where(eq(voteBallots.roundId, roundId))
    .groupBy(voteBallots.district, hour)
    .having(gte(count(), DISTRICT_BURST_PER_HOUR))
    .orderBy(hour, voteBallots.district);
  return {
    disposableDomains: has('disposable_domain'),
    clientBursts: has('client_burst'),
    districtBursts: bursts.map((b) => ({ district: b.district, hour: new Date(b.hour), votes: b.votes })),
  };
}
