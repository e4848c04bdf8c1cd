// Staff running vote rounds against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// opening one (one at a time per ward), the scheduler opening and closing rounds on time, editing
// refused once someone has voted, extending, closing early, the panel's decision making priorities
// current and retiring the ones replaced in one transaction, address hashes erased, ward scope.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import {
  auditLog,
  concerns,
  voteBallots,
  voteOptions,
  voteRounds,
  wardPriorities,
  wards,
} from '../../../db/schema/index.ts';
import { wardScope } from '../../../src/features/auth/ward-scope.ts';
import { listWardPriorities } from '../../../src/features/priorities/priorities.server.ts';
import { decideRound } from '../../../src/features/votes/round-decision.server.ts';
import { currentRound, findRound, wardsWithOpenVote } from '../../../src/features/votes/round-read.server.ts';
import { announceDueRounds } from '../../../src/features/votes/round-schedule.server.ts';
import type { RoundInput } from '../../../src/features/votes/rounds.schema.ts';
import {
  closeRoundEarly,
  countRoundsToDecide,
  editRound,
  extendRound,
  getRoundForStaff,
  listRoundsForStaff,
  openRound,
  suggestedOptions,
} from '../../../src/features/votes/rounds.server.ts';
import { londonToday } from '../../../src/lib/dates.ts';
import { pageCache } from '../../../src/server/http/page-cache.ts';
import { outcomeCode } from '../../helpers/domain-code.ts';
import { seededTest } from '../../helpers/fixtures.ts';
import { cachedPage } from '../../helpers/page-cache.ts';
import { TEST_SECRET, type TestStaff } from '../../helpers/staff.ts';

/** `highgateOnly`: the ward scope of a ward officer for Highgate only. */
const it = seededTest.extend('highgateOnly', { scope: 'file' }, ({ wardId }) =>
  wardScope({ role: 'ward_officer', wards: [{ id: wardId('highgate'), slug: 'highgate' }] }),
);
const ctx = { appSecret: TEST_SECRET, baseUrl: 'http://localhost:4321' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const code = outcomeCode;

const round = (opensAt: Date, closesAt: Date, n = 3): RoundInput => ({
  options: Array.from({ length: n }, (_, i) => ({
    title: `Option ${i + 1}`,
    description: `What ${i + 1} means.`,
  })),
  opensAt,
  closesAt,
  maxChoices: 2,
  showCountsWhileOpen: false,
});

/** Opens a round in Highgate as the liaison officer, from `from` to `to` ms after now. */
async function openInHighgate(db: Db, liaison: TestStaff, from: number, to: number, n = 3): Promise<number> {
  const now = Date.now();
  const { id } = await openRound(
    db,
    'highgate',
    round(new Date(now + from), new Date(now + to), n),
    liaison,
    'all',
  );
  return id;
}

async function vote(db: Db, roundId: number, choices: number[], district = 'N6'): Promise<void> {
  await db.insert(voteBallots).values({
    id: randomUUID(),
    roundId,
    addressHash: randomUUID(),
    district,
    choices,
    confirmedAt: new Date(),
  });
}

/** Ends a ward's undecided round, so a test may open another. */
async function clearWard(db: Db, slug: string): Promise<void> {
  const ward = db.select({ id: wards.id }).from(wards).where(eq(wards.slug, slug));
  await db.delete(voteRounds).where(and(inArray(voteRounds.wardId, ward), isNull(voteRounds.decidedAt)));
}

describe('opening a round', () => {
  it('opens one round at a time per ward, with its options in order, audited', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    await clearWard(db, 'highgate');
    const now = Date.now();
    const { id, ward } = await openRound(
      db,
      'highgate',
      round(new Date(now + HOUR), new Date(now + 7 * DAY)),
      liaison,
      'all',
    );
    expect(ward).toBe('highgate');
    const stored = await findRound(db, id);
    expect(stored?.options.map((o) => o.title)).toEqual(['Option 1', 'Option 2', 'Option 3']);
    expect(stored?.state).toBe('scheduled');
    expect(
      await code(openRound(db, 'highgate', round(new Date(now), new Date(now + DAY)), liaison, 'all')),
    ).toBe('one_at_a_time');
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'vote_round.open'));
    expect(audit.some((a) => a.recordId === String(id))).toBe(true);
  });

  it('keeps a ward officer to their wards', async ({ db, wardId, liaisonOfficer: liaison, highgateOnly }) => {
    const now = Date.now();
    expect(
      await code(openRound(db, 'kilburn', round(new Date(now), new Date(now + DAY)), liaison, highgateOnly)),
    ).toBe('not_found');
    const [other] = await db
      .select({ id: voteRounds.id })
      .from(voteRounds)
      .where(eq(voteRounds.wardId, wardId('holloway')));
    expect(other, 'the seeded round in Holloway').toBeDefined();
    const id = other?.id as number;
    expect(await getRoundForStaff(db, id, highgateOnly)).toBeNull();
    expect(await code(extendRound(db, id, new Date(Date.now() + 60 * DAY), liaison, highgateOnly))).toBe(
      'not_found',
    );
    expect(await code(closeRoundEarly(db, id, 'No', liaison, highgateOnly))).toBe('not_found');
    const listed = await listRoundsForStaff(db, highgateOnly);
    expect(listed.every((r) => r.ward.slug === 'highgate')).toBe(true);
  });

  it('suggests the ward’s most reported concerns of the last three months', async ({ db, wardId }) => {
    const now = new Date('2026-11-30T12:00:00Z');
    const concern = (category: string, daysAgo: number, i: number) => ({
      id: randomUUID(),
      reference: `CN-TEST-${category}-${daysAgo}-${i}`,
      category,
      wardId: wardId('gospel-oak'),
      location: 'Test',
      timing: 'ongoing',
      frequency: 'Daily',
      description: 'Test',
      impact: 'Test',
      anonymous: true,
      createdAt: new Date(now.getTime() - daysAgo * DAY),
    });
    await db
      .insert(concerns)
      .values([
        ...[1, 2, 3].map((i) => concern('noise', 10, i)),
        ...[1, 2].map((i) => concern('drugs', 20, i)),
        ...[1, 2, 3, 4].map((i) => concern('begging', 120, i)),
        concern('other', 5, 1),
      ]);
    const suggestions = await suggestedOptions(db, wardId('gospel-oak'), now);
    expect(suggestions.map((s) => [s.title, s.reports])).toEqual([
      ['Noise', 3],
      ['Drug dealing or drug use', 2],
    ]);
  });
});

describe('on time, without anyone acting', () => {
  it('the scheduler stamps rounds opening and closing, purging the ward pages only then', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    await clearWard(db, 'highgate');
    const start = new Date('2030-01-10T09:00:00Z');
    const { id } = await openRound(
      db,
      'highgate',
      round(start, new Date(start.getTime() + 2 * DAY)),
      liaison,
      'all',
    );
    const cached = () => pageCache.set('/wards/highgate', cachedPage(['wards']), pageCache.generation);
    const before = new Date(start.getTime() - 60_000);
    cached();
    expect(await announceDueRounds(db, before)).toBeGreaterThanOrEqual(0);
    expect((await findRound(db, id, before))?.state).toBe('scheduled');
    // Other rounds may be due at these times; this one is stamped exactly when its time comes.
    const atOpen = new Date(start.getTime() + 1000);
    expect(await announceDueRounds(db, atOpen)).toBeGreaterThanOrEqual(1);
    expect(pageCache.get('/wards/highgate')).toBeUndefined();
    const opened = await findRound(db, id, atOpen);
    expect(opened?.openedAt?.toISOString()).toBe(atOpen.toISOString());
    expect(opened?.state).toBe('open');
    expect((await wardsWithOpenVote(db, atOpen)).has('highgate')).toBe(true);
    // Nothing due: no purge.
    cached();
    expect(await announceDueRounds(db, new Date(start.getTime() + DAY))).toBe(0);
    expect(pageCache.get('/wards/highgate')).toBeDefined();
    const afterClose = new Date(start.getTime() + 2 * DAY + 1000);
    expect(await announceDueRounds(db, afterClose)).toBeGreaterThanOrEqual(1);
    expect(pageCache.get('/wards/highgate')).toBeUndefined();
    const closed = await findRound(db, id, afterClose);
    expect(closed?.closedAt?.toISOString()).toBe(new Date(start.getTime() + 2 * DAY).toISOString());
    expect(closed?.state).toBe('closed');
    expect((await wardsWithOpenVote(db, afterClose)).has('highgate')).toBe(false);
    await clearWard(db, 'highgate');
  });
});

describe('changing a round', () => {
  it('edits options and times until someone votes; then only extending the close', async ({
    db,
    liaisonOfficer: liaison,
    highgateOnly,
  }) => {
    await clearWard(db, 'highgate');
    const now = Date.now();
    const id = await openInHighgate(db, liaison, -HOUR, DAY);
    await editRound(db, id, round(new Date(now - HOUR), new Date(now + 2 * DAY), 4), liaison, highgateOnly);
    const edited = await findRound(db, id);
    expect(edited?.options).toHaveLength(4);
    expect(edited?.closesAt.getTime()).toBe(now + 2 * DAY);

    await vote(db, id, [edited?.options[0]?.id as number]);
    expect(
      await code(editRound(db, id, round(new Date(now - HOUR), new Date(now + 3 * DAY)), liaison, 'all')),
    ).toBe('has_votes');
    expect((await findRound(db, id))?.options).toHaveLength(4);
    expect(await code(extendRound(db, id, new Date(now + DAY), liaison, 'all'))).toBe('not_later');
    await extendRound(db, id, new Date(now + 5 * DAY), liaison, 'all');
    expect((await findRound(db, id))?.closesAt.getTime()).toBe(now + 5 * DAY);
  });

  it('closes early with its reason; then nothing but the decision', async ({
    db,
    wardId,
    liaisonOfficer: liaison,
    highgateOnly,
  }) => {
    const [row] = await db
      .select({ id: voteRounds.id })
      .from(voteRounds)
      .where(and(eq(voteRounds.wardId, wardId('highgate')), isNull(voteRounds.decidedAt)));
    const id = row?.id as number;
    await closeRoundEarly(db, id, 'The panel meets earlier than planned.', liaison, highgateOnly);
    const closed = await findRound(db, id);
    expect(closed?.state).toBe('closed');
    expect(closed?.closedEarlyReason).toBe('The panel meets earlier than planned.');
    expect(await countRoundsToDecide(db, highgateOnly)).toBe(1);
    expect(await countRoundsToDecide(db, wardScope({ role: 'ward_officer', wards: [] }))).toBe(0);
    expect(await code(extendRound(db, id, new Date(Date.now() + 9 * DAY), liaison, 'all'))).toBe(
      'not_running',
    );
    expect(await code(closeRoundEarly(db, id, 'Again', liaison, 'all'))).toBe('not_running');
    const audit = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(id)));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'vote_round.close',
      'vote_round.edit',
      'vote_round.extend',
      'vote_round.open',
    ]);
  });
});

describe('the panel’s decision', () => {
  it('makes chosen options current priorities, retires the replaced ones and erases address hashes, at once', async ({
    db,
    wardId,
    liaisonOfficer: liaison,
    highgateOnly,
  }) => {
    await clearWard(db, 'highgate');
    const id = await openInHighgate(db, liaison, -2 * DAY, DAY);
    const options = (await findRound(db, id))?.options ?? [];
    const [a, b, c] = options.map((o) => o.id) as [number, number, number];
    await vote(db, id, [a, b]);
    await vote(db, id, [a], 'N19');
    await vote(db, id, [c], 'NW5');
    const today = londonToday(new Date());
    const decision = {
      id,
      chosen: [a, b],
      replaced: [] as number[],
      reason: 'The panel took the two most chosen options.',
      decidedOn: today,
      outcome: '',
    };
    expect(await code(decideRound(db, decision, liaison, 'all', ctx))).toBe('not_closed');
    await closeRoundEarly(db, id, 'Closing for the panel.', liaison, 'all');

    const before = await listWardPriorities(db, 'highgate');
    expect(before.current).toHaveLength(3);
    // Three current, two chosen, none replaced: past the limit of five? No: exactly five would fit;
    // with a third chosen it would not.
    expect(await code(decideRound(db, { ...decision, chosen: [a, b, c] }, liaison, 'all', ctx))).toBe(
      'too_many',
    );
    expect(await code(decideRound(db, { ...decision, chosen: [999_999] }, liaison, 'all', ctx))).toBe(
      'unknown_option',
    );
    expect(
      await code(decideRound(db, { ...decision, replaced: [999_999], outcome: 'x' }, liaison, 'all', ctx)),
    ).toBe('unknown_priority');
    expect(await code(decideRound(db, { ...decision, decidedOn: '2020-01-01' }, liaison, 'all', ctx))).toBe(
      'decided_before_close',
    );
    const replaced = before.current[0]?.id as number;
    pageCache.set('/wards/highgate', cachedPage(['wards']), pageCache.generation);
    await decideRound(
      db,
      { ...decision, replaced: [replaced], outcome: 'Replaced by the residents’ vote.' },
      liaison,
      highgateOnly,
      ctx,
    );
    expect(pageCache.get('/wards/highgate')).toBeUndefined();

    const after = await listWardPriorities(db, 'highgate');
    expect(after.current.map((p) => p.title)).toEqual(expect.arrayContaining(['Option 1', 'Option 2']));
    expect(after.current).toHaveLength(4);
    expect(after.past.find((p) => p.id === replaced)?.outcome).toBe('Replaced by the residents’ vote.');
    const made = await db.select().from(wardPriorities).where(eq(wardPriorities.roundId, id));
    expect(made.map((p) => p.setOn)).toEqual([today, today]);
    expect(made.find((p) => p.title === 'Option 1')?.reason).toContain('2 of the 3 residents who voted');
    const decided = await findRound(db, id);
    expect(decided?.state).toBe('decided');
    expect(decided?.options.filter((o) => o.chosen).map((o) => o.id)).toEqual([a, b]);
    const ballots = await db.select().from(voteBallots).where(eq(voteBallots.roundId, id));
    expect(ballots).toHaveLength(3);
    expect(ballots.every((x) => x.addressHash === null)).toBe(true);
    expect(await code(decideRound(db, decision, liaison, 'all', ctx))).toBe('decided');
    expect(await currentRound(db, wardId('highgate'))).toBeNull();
  });

  it('changes nothing when any part fails (a chosen option’s title already a priority that day)', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    const today = londonToday(new Date());
    const id = await openInHighgate(db, liaison, -2 * DAY, DAY);
    await closeRoundEarly(db, id, 'Closing.', liaison, 'all');
    const options = (await findRound(db, id))?.options ?? [];
    const before = await listWardPriorities(db, 'highgate');
    const retiring = before.current.find((p) => p.title !== 'Option 1')?.id as number;
    await vote(db, id, [options[0]?.id as number]);
    // "Option 1" was made current today by the round above: the same title on the same day is refused.
    const result = await decideRound(
      db,
      {
        id,
        chosen: [options[0]?.id as number],
        replaced: [retiring],
        reason: 'Again.',
        decidedOn: today,
        outcome: 'Gone.',
      },
      liaison,
      'all',
      ctx,
    ).then(
      () => 'ok',
      (e: unknown) => (e as { code?: string }).code,
    );
    expect(result).toBe('duplicate');
    const after = await listWardPriorities(db, 'highgate');
    expect(after.current.map((p) => p.id).sort()).toEqual(before.current.map((p) => p.id).sort());
    expect((await findRound(db, id))?.state).toBe('closed');
    const ballots = await db.select().from(voteBallots).where(eq(voteBallots.roundId, id));
    expect(ballots.every((x) => x.addressHash !== null)).toBe(true);
    const chosen = await db
      .select()
      .from(voteOptions)
      .where(and(eq(voteOptions.roundId, id), eq(voteOptions.chosen, true)));
    expect(chosen).toEqual([]);
  });
});
