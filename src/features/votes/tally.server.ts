// The tally of a round: how many confirmed ballots chose each option (approval voting: a ballot
// counts once for each option it chose), and the turnout (confirmed ballots). Counted from the
// stored ballots every time, so a changed vote is counted as it now stands; `recount` in rounds.ts is
// the in-memory reference the tests compare it with.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { voteBallots, voteOptions } from '../../../db/schema/index.ts';
import type { OptionCount } from './rounds.ts';

export interface Tally {
  /** One entry per option of the round, in ballot order. */
  counts: OptionCount[];
  /** Confirmed ballots. */
  turnout: number;
}

export async function tallyRound(db: Db | Tx, roundId: number): Promise<Tally> {
  const counts = await db
    .select({ optionId: voteOptions.id, votes: count(voteBallots.id) })
    .from(voteOptions)
    .leftJoin(
      voteBallots,
      and(eq(voteBallots.roundId, voteOptions.roundId), sql`${voteOptions.id} = any(${voteBallots.choices})`),
    )
    .where(eq(voteOptions.roundId, roundId))
    .groupBy(voteOptions.id, voteOptions.position)
    .orderBy(asc(voteOptions.position));
  const [turnout] = await db.select({ n: count() }).from(voteBallots).where(eq(voteBallots.roundId, roundId));
  return { counts, turnout: turnout?.n ?? 0 };
}
