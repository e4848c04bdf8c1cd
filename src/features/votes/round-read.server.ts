// Reading vote rounds: one round with its options, and a ward's current round (the one not yet
// decided, if any). Shared by the residents' voting pages and the staff pages; changes to rounds are
// in rounds.server.ts, ballots in ballots.server.ts.
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { voteOptions, voteRounds, wards } from '../../../db/schema/index.ts';
import { type RoundState, roundState } from './rounds.ts';

export interface RoundOption {
  id: number;
  position: number;
  title: string;
  description: string;
  chosen: boolean;
}

export interface Round {
  id: number;
  ward: { id: number; slug: string; name: string };
  opensAt: Date;
  closesAt: Date;
  maxChoices: number;
  showCountsWhileOpen: boolean;
  openedAt: Date | null;
  closedAt: Date | null;
  closedEarlyReason: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  options: RoundOption[];
  state: RoundState;
}

const roundColumns = {
  id: voteRounds.id,
  opensAt: voteRounds.opensAt,
  closesAt: voteRounds.closesAt,
  maxChoices: voteRounds.maxChoices,
  showCountsWhileOpen: voteRounds.showCountsWhileOpen,
  openedAt: voteRounds.openedAt,
  closedAt: voteRounds.closedAt,
  closedEarlyReason: voteRounds.closedEarlyReason,
  decidedAt: voteRounds.decidedAt,
  decisionReason: voteRounds.decisionReason,
  wardId: wards.id,
  wardSlug: wards.slug,
  wardName: wards.name,
};

type RoundRow = Awaited<ReturnType<typeof selectRounds>>[number];

function selectRounds(db: Db | Tx) {
  return db.select(roundColumns).from(voteRounds).innerJoin(wards, eq(wards.id, voteRounds.wardId));
}

async function withOptions(db: Db | Tx, row: RoundRow, now: Date): Promise<Round> {
  const options = await db
    .select({
      id: voteOptions.id,
      position: voteOptions.position,
      title: voteOptions.title,
      description: voteOptions.description,
      chosen: voteOptions.chosen,
    })
    .from(voteOptions)
    .where(eq(voteOptions.roundId, row.id))
    .orderBy(asc(voteOptions.position));
  const { wardId, wardSlug, wardName, ...round } = row;
  return {
    ...round,
    ward: { id: wardId, slug: wardSlug, name: wardName },
    options,
    state: roundState(round, now),
  };
}

/** One round with its options; null if there is none with that id. */
export async function findRound(db: Db | Tx, id: number, now = new Date()): Promise<Round | null> {
  const [row] = await selectRounds(db).where(eq(voteRounds.id, id));
  return row ? withOptions(db, row, now) : null;
}

/** The ward's round not yet decided (scheduled, open or closed), if any: at most one. */
export async function currentRound(db: Db | Tx, wardId: number, now = new Date()): Promise<Round | null> {
  const [row] = await selectRounds(db)
    .where(and(eq(voteRounds.wardId, wardId), isNull(voteRounds.decidedAt)))
    .orderBy(desc(voteRounds.opensAt))
    .limit(1);
  return row ? withOptions(db, row, now) : null;
}

/** The ward's most recently decided round, if any: its outcome is shown under the past priorities. */
export async function latestDecidedRound(
  db: Db | Tx,
  wardId: number,
  now = new Date(),
): Promise<Round | null> {
  const [row] = await selectRounds(db)
    .where(and(eq(voteRounds.wardId, wardId), isNotNull(voteRounds.decidedAt)))
    .orderBy(desc(voteRounds.decidedAt))
    .limit(1);
  return row ? withOptions(db, row, now) : null;
}

/** The slugs of the wards with a round taking votes at `now` (computed from its times, like roundState). */
export async function wardsWithOpenVote(db: Db | Tx, now = new Date()): Promise<Set<string>> {
  const rows = await db
    .select({ slug: wards.slug })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .where(
      and(
        isNull(voteRounds.decidedAt),
        lte(voteRounds.opensAt, now),
        gt(voteRounds.closesAt, now),
        or(isNull(voteRounds.closedAt), gt(voteRounds.closedAt, now)),
      ),
    );
  return new Set(rows.map((r) => r.slug));
}
