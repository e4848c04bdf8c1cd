// Residents' ballots against a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL): casting
// and confirming with the emailed code, one vote per address per round however many confirm at once,
// a changed vote replacing the earlier one, a code that cannot be guessed, a round that closed, and
// nothing personal left once the panel's decision is recorded.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { createDb, type Db, type DbHandle, rowsOf } from '../../../db/client.ts';
import { emailOutbox, voteBallots, votePendingBallots, voteRounds } from '../../../db/schema/index.ts';
import { enforceRetention } from '../../../src/features/retention/retention.server.ts';
import { KEY_LABELS } from '../../../src/features/secrets/keys.ts';
import { hashSecret, openFromOutbox } from '../../../src/features/secrets/secrets.ts';
import {
  castVote,
  confirmVote,
  resendCode,
  VOTE_CODE,
  type VoteContext,
} from '../../../src/features/votes/ballots.server.ts';
import { finaliseBallots } from '../../../src/features/votes/finalise.server.ts';
import { recount } from '../../../src/features/votes/rounds.ts';
import { tallyRound } from '../../../src/features/votes/tally.server.ts';
import { VoteError } from '../../../src/features/votes/vote-error.ts';
import { roundSignals } from '../../../src/features/votes/vote-flags.server.ts';
import { seededTest as it } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';
import { createOpenRound, emailedCode } from '../../helpers/votes.ts';

const ctx = (client: string | null = null): VoteContext => ({
  appSecret: TEST_SECRET,
  baseUrl: 'http://localhost:4321',
  client,
});

const cast = (db: Db, ward: string, email: string, choices: number[], extra: { outcome?: boolean } = {}) =>
  castVote(db, { ward, email, choices, postcode: 'N7', outcome: extra.outcome ?? false }, ctx());

async function vote(
  db: Db,
  ward: string,
  email: string,
  choices: number[],
  extra: { outcome?: boolean } = {},
) {
  const { pendingId } = await cast(db, ward, email, choices, extra);
  const code = await emailedCode(db, TEST_SECRET, email);
  return confirmVote(db, { ward, code }, pendingId, ctx());
}

async function refusal(p: Promise<unknown>): Promise<VoteError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof VoteError) return error;
    throw error;
  }
  throw new Error('Not refused');
}

/** Whether `code` is the live code of that pending ballot (its stored keyed hash). */
async function hasCode(db: Db, subject: string, code: string): Promise<boolean> {
  const hash = hashSecret(TEST_SECRET, VOTE_CODE, code, subject);
  const found = rowsOf(
    await db.execute(sql`select 1 from one_time_secrets where subject = ${subject} and hash = ${hash}`),
  );
  return found.length === 1;
}

async function ballots(db: Db, roundId: number) {
  return db.select().from(voteBallots).where(eq(voteBallots.roundId, roundId));
}

describe('casting and confirming', () => {
  it('keeps only a keyed hash and the district; the outbox holds the code sealed, never in clear', async ({
    db,
  }) => {
    const round = await createOpenRound(db, 'holloway');
    const email = 'Resident.One@Example.org';
    const { pendingId } = await cast(db, 'holloway', email, [round.optionIds[0] as number]);
    const [pending] = await db.select().from(votePendingBallots).where(eq(votePendingBallots.id, pendingId));
    expect(pending?.district).toBe('N7');
    expect(pending?.addressHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending?.outcomeAddress).toBeNull();
    expect(JSON.stringify(pending)).not.toMatch(/resident/i);
    const code = await emailedCode(db, TEST_SECRET, email);
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, email));
    expect(`${mail?.subject}${mail?.html}${mail?.text}`).not.toContain(code);
    const done = await confirmVote(db, { ward: 'holloway', code }, pendingId, ctx());
    expect(done.replaced).toBe(false);
    expect(
      await db.select().from(votePendingBallots).where(eq(votePendingBallots.id, pendingId)),
    ).toHaveLength(0);
    // The address's case and spaces do not make a second voter.
    const again = await vote(db, 'holloway', 'resident.one@example.ORG', [round.optionIds[1] as number]);
    expect(again.replaced).toBe(true);
    const stored = await ballots(db, round.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.choices).toEqual([round.optionIds[1]]);
    expect(stored[0]?.changes).toBe(1);
  });

  it('flags for staff, without refusing, a vote from a disposable-mail domain', async ({ db }) => {
    const round = await createOpenRound(db, 'junction');
    await vote(db, 'junction', 'someone@mailinator.com', [round.optionIds[0] as number]);
    await vote(db, 'junction', 'someone@example.org', [round.optionIds[0] as number]);
    expect(await ballots(db, round.id)).toHaveLength(2);
    expect(await roundSignals(db, round.id)).toEqual({
      disposableDomains: 1,
      clientBursts: 0,
      districtBursts: [],
    });
  });

  it('refuses options not of the round, too many, and a round that is not open', async ({ db }) => {
    const round = await createOpenRound(db, 'arsenal', { maxChoices: 2 });
    const [a, b, c] = round.optionIds as [number, number, number];
    expect((await refusal(cast(db, 'arsenal', 'x@example.org', [a, b, c]))).code).toBe('choices');
    expect((await refusal(cast(db, 'arsenal', 'x@example.org', [999_999]))).details.problem).toBe('unknown');
    // The same option twice counts once.
    const twice = await vote(db, 'arsenal', 'twice@example.org', [a, a]);
    expect(twice.replaced).toBe(false);
    expect((await ballots(db, round.id))[0]?.choices).toEqual([a]);
    expect((await refusal(cast(db, 'no-such-ward', 'x@example.org', [a]))).code).toBe('not_open');
  });

  it('burns a code after 5 wrong tries: the right code is refused afterwards; a new code works', async ({
    db,
  }) => {
    const round = await createOpenRound(db, 'barnsbury');
    const email = 'guessed@example.org';
    const { pendingId } = await cast(db, 'barnsbury', email, [round.optionIds[0] as number]);
    const code = await emailedCode(db, TEST_SECRET, email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await refusal(confirmVote(db, { ward: 'barnsbury', code: wrong }, pendingId, ctx()));
      expect(e.code).toBe('wrong_code');
      left.push(e.details.attemptsLeft as number);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect((await refusal(confirmVote(db, { ward: 'barnsbury', code }, pendingId, ctx()))).code).toBe(
      'no_code',
    );
    expect(await ballots(db, round.id)).toHaveLength(0);
    // A new code only for the address the vote was cast with.
    expect(
      (await refusal(resendCode(db, { ward: 'barnsbury', email: 'other@example.org' }, pendingId, ctx())))
        .code,
    ).toBe('other_address');
    await resendCode(db, { ward: 'barnsbury', email }, pendingId, {
      ...ctx(),
      now: new Date(Date.now() + 1000),
    });
    const fresh = await emailedCode(db, TEST_SECRET, email);
    const done = await confirmVote(db, { ward: 'barnsbury', code: fresh }, pendingId, ctx());
    expect(done.replaced).toBe(false);
    expect(await ballots(db, round.id)).toHaveLength(1);
  });

  it('refuses to confirm once the round has closed, and counts nothing', async ({ db }) => {
    const round = await createOpenRound(db, 'bunhill');
    const email = 'late@example.org';
    const { pendingId } = await cast(db, 'bunhill', email, [round.optionIds[0] as number]);
    const code = await emailedCode(db, TEST_SECRET, email);
    await db
      .update(voteRounds)
      .set({ closedAt: new Date(), closedEarlyReason: 'Test' })
      .where(eq(voteRounds.id, round.id));
    expect((await refusal(confirmVote(db, { ward: 'bunhill', code }, pendingId, ctx()))).code).toBe('closed');
    expect(await ballots(db, round.id)).toHaveLength(0);
  });
});

describe('500 confirmations at once', () => {
  it('counts each once: turnout 500, the tally a recount of the stored rows', async ({ db, testDb }) => {
    const round = await createOpenRound(db, 'highbury', { options: 5, maxChoices: 3 });
    const n = 500;
    const voters = Array.from({ length: n }, (_, i) => ({
      email: `voter${i}@example.org`,
      choices: round.optionIds.filter((_, j) => (i >> j) % 2 === 1 || j === i % 5).slice(0, 3),
    }));
    const pending: string[] = [];
    for (const v of voters) pending.push((await cast(db, 'highbury', v.email, v.choices)).pendingId);
    // 50 of them cast the same vote again (a second tab): both confirmations race for one ballot.
    const twice: string[] = [];
    for (const v of voters.slice(0, 50))
      twice.push((await cast(db, 'highbury', v.email, v.choices)).pendingId);
    // Each pending ballot's code: from the outbox (sealed there), the one whose keyed hash is its code's.
    const mail = rowsOf<{ recipient: string; sealed: string }>(
      await db.execute(
        sql`select recipient, sealed_secret as sealed from email_outbox where kind = 'vote-code' and recipient like 'voter%'`,
      ),
    );
    const sent = new Map<string, string[]>();
    for (const m of mail)
      sent.set(m.recipient, [...(sent.get(m.recipient) ?? []), openFromOutbox(TEST_SECRET, m.sealed)]);
    const codeOf = new Map<string, string>();
    const emailOf = [...voters.map((v) => v.email), ...voters.slice(0, 50).map((v) => v.email)];
    for (const [i, id] of [...pending, ...twice].entries()) {
      for (const code of sent.get(emailOf[i] as string) ?? [])
        if (await hasCode(db, id, code)) codeOf.set(id, code);
    }
    expect(codeOf.size).toBe(n + 50);
    // On PostgreSQL, a handle with 20 connections: the confirmations really run side by side.
    let wide: DbHandle | undefined;
    if (testDb.url) wide = await createDb({ url: testDb.url, maxConnections: 20 });
    const on = wide?.db ?? db;
    try {
      const results = await Promise.all(
        [...pending, ...twice].map((id) =>
          confirmVote(on, { ward: 'highbury', code: codeOf.get(id) as string }, id, ctx()),
        ),
      );
      expect(results.filter((r) => !r.replaced)).toHaveLength(n);
      expect(results.filter((r) => r.replaced)).toHaveLength(50);
    } finally {
      await wide?.close();
    }
    const stored = await ballots(db, round.id);
    expect(stored).toHaveLength(n);
    const tally = await tallyRound(db, round.id);
    expect(tally.turnout).toBe(n);
    expect(tally.counts).toEqual(recount(round.optionIds, stored));
    expect(tally.counts).toEqual(recount(round.optionIds, voters));
    // 500 from N7 within the hour: a sign for staff, and every vote still counted.
    const signals = await roundSignals(db, round.id);
    expect(signals.districtBursts.map((b) => [b.district, b.votes])).toEqual([['N7', n]]);
  }, 120_000);
});

describe('no address beside a ballot (security review 3)', () => {
  it('deletes a confirmed vote’s code emails at once, keeps the hour it was confirmed in, and retention takes the codes', async ({
    db,
  }) => {
    const round = await createOpenRound(db, 'tollington');
    const a = round.optionIds[0] as number;
    const codeEmails = async (to: string) =>
      (await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, to))).filter(
        (m) => m.kind === 'vote-code',
      ).length;
    await vote(db, 'tollington', 'linked@example.org', [a]);
    // A second code for one pending vote: the first code's email is deleted with it.
    const { pendingId } = await cast(db, 'tollington', 'resent@example.org', [a]);
    await resendCode(db, { ward: 'tollington', email: 'resent@example.org' }, pendingId, ctx());
    expect(await codeEmails('resent@example.org')).toBe(1);
    const code = await emailedCode(db, TEST_SECRET, 'resent@example.org');
    await confirmVote(db, { ward: 'tollington', code }, pendingId, ctx());
    await cast(db, 'tollington', 'abandoned@example.org', [a]);
    expect(await codeEmails('linked@example.org')).toBe(0);
    expect(await codeEmails('resent@example.org')).toBe(0);
    expect(await codeEmails('abandoned@example.org')).toBe(1);
    const stored = await ballots(db, round.id);
    expect(stored).toHaveLength(2);
    for (const b of stored) expect(b.confirmedAt.getTime() % 3_600_000).toBe(0);
    // The review's join, from a copy of the database without the app secret: nothing.
    const linked = rowsOf(
      await db.execute(sql`
        select o.recipient, b.choices from vote_ballots b
        join one_time_secrets s on s.purpose = 'vote-code' and s.end_reason = 'used' and s.ended_at = b.confirmed_at
        join email_outbox o on o.kind = 'vote-code' and o.created_at = s.created_at
        where b.round_id = ${round.id}`),
    );
    expect(linked).toEqual([]);
    // Once a code can no longer be typed, retention deletes it and any email of it left.
    await enforceRetention(db, new Date(Date.now() + 11 * 60_000));
    expect(await codeEmails('abandoned@example.org')).toBe(0);
    const codes = rowsOf(await db.execute(sql`select 1 from one_time_secrets where purpose = 'vote-code'`));
    expect(codes).toEqual([]);
    expect(await ballots(db, round.id)).toHaveLength(2);
  });
});

describe('finaliseBallots', () => {
  it('a round closed six months with no decision keeps no address either (security review 3)', async ({
    db,
  }) => {
    const round = await createOpenRound(db, 'hillrise');
    const a = round.optionIds[0] as number;
    await vote(db, 'hillrise', 'waiting@example.org', [a], { outcome: true });
    const closed = new Date(Date.now() - 184 * 86_400_000);
    await db
      .update(voteRounds)
      .set({ opensAt: new Date(closed.getTime() - 86_400_000), closesAt: closed })
      .where(eq(voteRounds.id, round.id));
    const [kept] = await ballots(db, round.id);
    expect(kept?.addressHash).not.toBeNull();
    await enforceRetention(db);
    const [erased] = await ballots(db, round.id);
    expect(erased).toMatchObject({ addressHash: null, outcomeAddress: null, choices: [a] });
    expect((await tallyRound(db, round.id)).turnout).toBe(1);
  });

  it('leaves no address hash or address; queues each outcome email once', async ({ db }) => {
    const round = await createOpenRound(db, 'canonbury');
    const [a, b] = round.optionIds as [number, number];
    await vote(db, 'canonbury', 'tell-me@example.org', [a], { outcome: true });
    await vote(db, 'canonbury', 'quiet@example.org', [b]);
    await vote(db, 'canonbury', 'changed-mind@example.org', [a], { outcome: true });
    await vote(db, 'canonbury', 'changed-mind@example.org', [b], { outcome: false });
    await cast(db, 'canonbury', 'never-confirmed@example.org', [a]);
    const sealed = (await ballots(db, round.id)).find((x) => x.outcomeAddress)?.outcomeAddress;
    expect(sealed?.startsWith(`${KEY_LABELS.voteOutcomeAddress}:`)).toBe(true);
    await db.update(voteRounds).set({ closedAt: new Date() }).where(eq(voteRounds.id, round.id));
    await db.execute(sql`update vote_options set chosen = true where id = ${a}`);
    const decide = () =>
      db.transaction(async (tx) => {
        await tx
          .update(voteRounds)
          .set({ decidedAt: new Date(), decisionReason: 'Most voted for it.' })
          .where(eq(voteRounds.id, round.id));
        return finaliseBallots(tx, round.id, { appSecret: TEST_SECRET, baseUrl: 'http://localhost:4321' });
      });
    const first = await decide();
    expect(first).toEqual({ outcomeEmails: 1, erased: 3 });
    expect((await decide()).outcomeEmails).toBe(0);
    const left = await ballots(db, round.id);
    expect(left).toHaveLength(3);
    expect(left.every((x) => x.addressHash === null && x.outcomeAddress === null)).toBe(true);
    expect(
      await db.select().from(votePendingBallots).where(eq(votePendingBallots.roundId, round.id)),
    ).toHaveLength(0);
    const outcome = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'vote-outcome'));
    expect(outcome.map((m) => m.recipient)).toEqual(['tell-me@example.org']);
    expect(outcome[0]?.text).toContain('Most voted for it.');
    expect(outcome[0]?.text).toContain('/wards/canonbury');
    expect((await tallyRound(db, round.id)).turnout).toBe(3);
  });
});
