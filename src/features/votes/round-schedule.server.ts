// The scheduler's job for vote rounds (src/server/runtime/scheduler.ts runs it every 30 s): rounds
// open and close by their times whatever runs, and this tells the page cache when they do.
import { and, count, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { voteRounds } from '../../../db/schema/index.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';

/**
 * The scheduler's job: stamps opened_at on rounds whose opening time has come and closed_at (their
 * close time) on rounds whose close has passed, and purges the cached ward pages when it stamps any.
 * A round's state never waits for this (pages compute it from its times); the stamp is what tells
 * the page cache, within one scheduler tick. Conditional updates: several processes may run it.
 * Returns how many rounds it stamped.
 */
export async function announceDueRounds(db: Db, now = new Date()): Promise<number> {
  const undecided = isNull(voteRounds.decidedAt);
  const toOpen = and(
    undecided,
    isNull(voteRounds.openedAt),
    isNull(voteRounds.closedAt),
    lte(voteRounds.opensAt, now),
  );
  const toClose = and(undecided, isNull(voteRounds.closedAt), lte(voteRounds.closesAt, now));
  const [due] = await db.select({ n: count() }).from(voteRounds).where(sql`(${toOpen}) or (${toClose})`);
  if (!due || Number(due.n) === 0) return 0;
  return changingPublicContent(db, ['wards'], async (tx) => {
    const opened = await tx
      .update(voteRounds)
      .set({ openedAt: now })
      .where(toOpen)
      .returning({ id: voteRounds.id });
    const closed = await tx
      .update(voteRounds)
      .set({ closedAt: sql`${voteRounds.closesAt}` })
      .where(toClose)
      .returning({ id: voteRounds.id });
    return new Set([...opened, ...closed].map((r) => r.id)).size;
  });
}
