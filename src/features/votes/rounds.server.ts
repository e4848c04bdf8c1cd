// Staff running vote rounds: the rounds in their scope, suggested options, opening a round, editing
// it before anyone votes, extending it, closing it early. Every change keeps to the member's ward
// scope (a round outside it is "not found"), commits with its audit row, and purges the cached ward
// pages. The panel's decision is in round-decision.server.ts, the scheduler's job in
// round-schedule.server.ts.
import { and, asc, count, desc, eq, gte, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { isUniqueViolation } from '../../../db/errors.ts';
import {
  concerns,
  voteBallots,
  voteOptions,
  votePendingBallots,
  voteRounds,
  wards,
} from '../../../db/schema/index.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import { CATEGORY_LABELS, type Category } from '../concerns/concerns.ts';
import { wardInScope } from '../priorities/priorities.server.ts';
import { RoundError } from './round-error.ts';
import { findRound, type Round } from './round-read.server.ts';
import type { RoundInput } from './rounds.schema.ts';
import {
  type RoundState,
  roundState,
  SUGGESTION_MONTHS,
  type Suggestion,
  suggestionsFrom,
} from './rounds.ts';

export interface StaffRoundRow {
  id: number;
  ward: { slug: string; name: string };
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  decidedAt: Date | null;
  state: RoundState;
  turnout: number;
}

/** Every round in the member's scope, the latest to open first, with its turnout. */
export async function listRoundsForStaff(
  db: Db,
  scope: WardScope,
  now = new Date(),
): Promise<StaffRoundRow[]> {
  const turnout = db
    .select({ roundId: voteBallots.roundId, n: count().as('n') })
    .from(voteBallots)
    .groupBy(voteBallots.roundId)
    .as('turnout');
  const rows = await db
    .select({
      id: voteRounds.id,
      slug: wards.slug,
      name: wards.name,
      opensAt: voteRounds.opensAt,
      closesAt: voteRounds.closesAt,
      closedAt: voteRounds.closedAt,
      decidedAt: voteRounds.decidedAt,
      n: turnout.n,
    })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .leftJoin(turnout, eq(turnout.roundId, voteRounds.id))
    .where(inScope(voteRounds.wardId, scope))
    .orderBy(desc(voteRounds.opensAt), asc(wards.name));
  return rows.map(({ slug, name, n, ...r }) => ({
    ...r,
    ward: { slug, name },
    state: roundState(r, now),
    turnout: Number(n ?? 0),
  }));
}

/** A round in the member's scope with how many confirmed votes it has; null if none is. */
export async function getRoundForStaff(
  db: Db,
  id: number,
  scope: WardScope,
  now = new Date(),
): Promise<(Round & { ballots: number }) | null> {
  const round = await findRound(db, id, now);
  if (!round || !(await wardInScope(db, round.ward.slug, scope))) return null;
  return { ...round, ballots: await confirmedBallots(db, id) };
}

async function confirmedBallots(db: Db | Tx, roundId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(voteBallots).where(eq(voteBallots.roundId, roundId));
  return Number(row?.n ?? 0);
}

/**
 * The ward's most reported concern categories of the last three months, as options to offer
 * ("something else" and concerns marked as duplicates left out).
 */
export async function suggestedOptions(db: Db, wardId: number, now = new Date()): Promise<Suggestion[]> {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - SUGGESTION_MONTHS);
  const rows = await db
    .select({ category: concerns.category, reports: count() })
    .from(concerns)
    .where(
      and(
        eq(concerns.wardId, wardId),
        gte(concerns.createdAt, since),
        ne(concerns.category, 'other'),
        isNull(concerns.duplicateOf),
      ),
    )
    .groupBy(concerns.category);
  return suggestionsFrom(
    rows.map((r) => ({
      label: CATEGORY_LABELS[r.category as Category] ?? r.category,
      reports: Number(r.reports),
    })),
  );
}

/** Rounds in scope that have closed and wait for the panel's decision (the dashboard's count). */
export async function countRoundsToDecide(db: Db, scope: WardScope, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(voteRounds)
    .where(
      and(
        isNull(voteRounds.decidedAt),
        or(lte(voteRounds.closesAt, now), lte(voteRounds.closedAt, now)),
        inScope(voteRounds.wardId, scope),
      ),
    );
  return Number(row?.n ?? 0);
}

function oneAtATime(error: unknown): never {
  if (isUniqueViolation(error, 'vote_rounds_one_undecided_per_ward')) throw new RoundError('one_at_a_time');
  throw error;
}

const optionRows = (roundId: number, options: RoundInput['options']) =>
  options.map((o, i) => ({ roundId, position: i + 1, title: o.title, description: o.description }));

/** Opens a round for a ward in the member's scope: one at a time per ward, until it is decided. */
export function openRound(
  db: Db,
  wardSlug: string,
  input: RoundInput,
  actor: Actor,
  scope: WardScope,
): Promise<{ id: number; ward: string }> {
  return changingPublicContent(db, ['wards'], async (tx) => {
    const ward = await wardInScope(tx, wardSlug, scope);
    if (!ward) throw new RoundError('not_found');
    const { options, ...times } = input;
    const [row] = await tx
      .insert(voteRounds)
      .values({ wardId: ward.id, ...times, createdBy: actor.id, updatedBy: actor.id })
      .returning({ id: voteRounds.id });
    if (!row) throw new Error('Insert returned nothing');
    await tx.insert(voteOptions).values(optionRows(row.id, options));
    await writeAuditBy(tx, actor, {
      action: 'vote_round.open',
      recordType: 'vote_round',
      recordId: row.id,
      details: { ward: ward.slug, options: options.length, opensAt: times.opensAt, closesAt: times.closesAt },
    });
    return { id: row.id, ward: ward.slug };
  }).catch(oneAtATime);
}

/**
 * The round locked for a change, in scope; refused as not found otherwise. The lock also waits for
 * (and then sees) a vote being confirmed at that moment: inserting a ballot takes a key-share lock
 * on its round's row.
 */
export async function lockRound(tx: Tx, id: number, scope: WardScope, now: Date) {
  const [row] = await tx
    .select({
      id: voteRounds.id,
      wardId: voteRounds.wardId,
      wardSlug: wards.slug,
      opensAt: voteRounds.opensAt,
      closesAt: voteRounds.closesAt,
      closedAt: voteRounds.closedAt,
      decidedAt: voteRounds.decidedAt,
    })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .where(and(eq(voteRounds.id, id), inScope(voteRounds.wardId, scope)))
    .for('update', { of: voteRounds });
  if (!row) throw new RoundError('not_found');
  return { ...row, state: roundState(row, now) };
}

type LockedRound = Awaited<ReturnType<typeof lockRound>>;

/** A change to a round: locked in scope, changed, audited, the ward pages purged. Returns the ward's slug. */
function changeRound(
  db: Db,
  id: number,
  actor: Actor,
  scope: WardScope,
  now: Date,
  action: 'vote_round.edit' | 'vote_round.extend' | 'vote_round.close',
  change: (tx: Tx, round: LockedRound) => Promise<Record<string, unknown>>,
): Promise<string> {
  return changingPublicContent(db, ['wards'], async (tx) => {
    const round = await lockRound(tx, id, scope, now);
    if (round.state !== 'scheduled' && round.state !== 'open') throw new RoundError('not_running');
    const details = await change(tx, round);
    await writeAuditBy(tx, actor, {
      action,
      recordType: 'vote_round',
      recordId: id,
      details: { ward: round.wardSlug, ...details },
    });
    return round.wardSlug;
  });
}

/**
 * Changes a round's options, times and rules: only while nobody has voted. Votes cast but not yet
 * confirmed were cast on the old ballot paper, so they are dropped (the voter's code no longer
 * confirms anything and they vote again).
 */
export function editRound(
  db: Db,
  id: number,
  input: RoundInput,
  actor: Actor,
  scope: WardScope,
  now = new Date(),
): Promise<string> {
  return changeRound(db, id, actor, scope, now, 'vote_round.edit', async (tx) => {
    if ((await confirmedBallots(tx, id)) > 0) throw new RoundError('has_votes');
    const { options, ...times } = input;
    await tx
      .update(voteRounds)
      .set({ ...times, updatedBy: actor.id, updatedAt: now })
      .where(eq(voteRounds.id, id));
    await tx.delete(votePendingBallots).where(eq(votePendingBallots.roundId, id));
    await tx.delete(voteOptions).where(eq(voteOptions.roundId, id));
    await tx.insert(voteOptions).values(optionRows(id, options));
    return { options: options.length, opensAt: times.opensAt, closesAt: times.closesAt };
  });
}

/** Moves a running round's close later: allowed whether or not anyone has voted. */
export function extendRound(
  db: Db,
  id: number,
  closesAt: Date,
  actor: Actor,
  scope: WardScope,
  now = new Date(),
): Promise<string> {
  return changeRound(db, id, actor, scope, now, 'vote_round.extend', async (tx, round) => {
    if (closesAt <= round.closesAt || closesAt <= now) throw new RoundError('not_later');
    await tx
      .update(voteRounds)
      .set({ closesAt, updatedBy: actor.id, updatedAt: now })
      .where(eq(voteRounds.id, id));
    return { from: round.closesAt, to: closesAt };
  });
}

/** Closes a running round now, with the reason residents are told. */
export function closeRoundEarly(
  db: Db,
  id: number,
  reason: string,
  actor: Actor,
  scope: WardScope,
  now = new Date(),
): Promise<string> {
  return changeRound(db, id, actor, scope, now, 'vote_round.close', async (tx) => {
    await tx
      .update(voteRounds)
      .set({ closedAt: now, closedEarlyReason: reason, updatedBy: actor.id, updatedAt: now })
      .where(eq(voteRounds.id, id));
    return { reason };
  });
}
