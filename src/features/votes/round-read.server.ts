// Reading vote rounds: one round with its options, and a ward's current round (the one not yet
// decided, if any). Shared by the residents' voting pages and the staff pages; changes to rounds are
// in rounds.server.ts, ballots in ballots.server.ts.
import { and, desc, eq, gt, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
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
  // The options in the same statement: one round trip for a round however it is read.
  options: sql<RoundOption[] | string>`coalesce((
    select json_agg(json_build_object('id', o.id, 'position', o.position, 'title', o.title,
      'description', o.description, 'chosen', o.chosen) order by o.position)
    from ${voteOptions} o where o.round_id = ${voteRounds.id}), '[]'::json)`.as('options'),
};

type RoundRow = Awaited<ReturnType<typeof selectRounds>>[number];

function selectRounds(db: Db | Tx) {
  return db.select(roundColumns).from(voteRounds).innerJoin(wards, eq(wards.id, voteRounds.wardId));
}

function withOptions(row: RoundRow, now: Date): Round {
  const { wardId, wardSlug, wardName, options, ...round } = row;
  return {
    ...round,
    ward: { id: wardId, slug: wardSlug, name: wardName },
    // The driver parses json (PGlite always; postgres.js unless told otherwise): accept either.
    options: typeof options === 'string' ? (JSON.parse(options) as RoundOption[]) : options,
    state: roundState(round, now),
  };
}

/** One round with its options; null if there is none with that id. */
export async function findRound(db: Db | Tx, id: number, now = new Date()): Promise<Round | null> {
  const [row] = await selectRounds(db).where(eq(voteRounds.id, id));
  return row ? withOptions(row, now) : null;
}

/** The ward's round not yet decided (scheduled, open or closed), if any: at most one. */
export async function currentRound(db: Db | Tx, wardId: number, now = new Date()): Promise<Round | null> {
  return currentRoundWhere(db, eq(voteRounds.wardId, wardId), now);
}

/** currentRound by the ward's slug, in the same one statement. */
export async function currentRoundOfWard(
  db: Db | Tx,
  wardSlug: string,
  now = new Date(),
): Promise<Round | null> {
  return currentRoundWhere(db, eq(wards.slug, wardSlug), now);
}

async function currentRoundWhere(db: Db | Tx, ward: SQL, now: Date): Promise<Round | null> {
  const [row] = await selectRounds(db)
    .where(and(ward, isNull(voteRounds.decidedAt)))
    .orderBy(desc(voteRounds.opensAt))
    .limit(1);
  return row ? withOptions(row, now) : null;
}

/** Whether a round (the table, or an alias of it) takes votes at `now`: roundState's 'open', in SQL. */
export function takingVotes(
  now: Date,
  round: Record<'decidedAt' | 'opensAt' | 'closesAt' | 'closedAt', PgColumn> = voteRounds,
): SQL {
  return and(
    isNull(round.decidedAt),
    lte(round.opensAt, now),
    gt(round.closesAt, now),
    or(isNull(round.closedAt), gt(round.closedAt, now)),
  ) as SQL;
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
  return row ? withOptions(row, now) : null;
}

/** The slugs of the wards with a round taking votes at `now` (computed from its times, like roundState). */
export async function wardsWithOpenVote(db: Db | Tx, now = new Date()): Promise<Set<string>> {
  const rows = await db
    .select({ slug: wards.slug })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .where(takingVotes(now));
  return new Set(rows.map((r) => r.slug));
}

/** The ward's rounds that stopped taking votes (closed, or decided), latest first, with their options. */
export async function closedRounds(db: Db | Tx, wardId: number, now = new Date()): Promise<Round[]> {
  const rows = await selectRounds(db)
    .where(
      and(
        eq(voteRounds.wardId, wardId),
        or(isNotNull(voteRounds.decidedAt), lte(voteRounds.closesAt, now), lte(voteRounds.closedAt, now)),
      ),
    )
    .orderBy(desc(voteRounds.closesAt));
  return rows.map((row) => withOptions(row, now));
}
