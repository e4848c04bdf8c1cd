// fast-check: for any sequence of casts, confirmations and changes by a handful of addresses, the
// SQL tally of a round equals the recount of its stored ballots, and equals each address's last
// confirmed choice. Each run votes in a fresh round (the last one is marked decided).
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { voteBallots } from '../../../db/schema/index.ts';
import { castVote, confirmVote } from '../../../src/features/votes/ballots.server.ts';
import { recount } from '../../../src/features/votes/rounds.ts';
import { tallyRound } from '../../../src/features/votes/tally.server.ts';
import { seededTest as it } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';
import { createOpenRound, emailedCode } from '../../helpers/votes.ts';

const ADDRESSES = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'];
const ctx = { appSecret: TEST_SECRET, baseUrl: 'http://localhost:4321', client: null };

/** One step: an address casts a vote (option positions 0–4, up to 3) and confirms it, or leaves it. */
const step = fc.record({
  who: fc.integer({ min: 0, max: ADDRESSES.length - 1 }),
  choices: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
  confirm: fc.boolean(),
});

it('the tally is the recount of the stored ballots and of each address’s last confirmed vote', async ({
  db,
}) => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      const round = await createOpenRound(db, 'tufnell-park', { options: 5, maxChoices: 3 });
      const last = new Map<number, number[]>();
      run++;
      for (const [i, s] of steps.entries()) {
        const email = ADDRESSES[s.who] as string;
        const choices = s.choices.map((p) => round.optionIds[p] as number);
        // Each step a moment later, so the latest code emailed is the one just sent.
        const now = new Date(Date.now() + run * 60_000 + i * 1000);
        const { pendingId } = await castVote(
          db,
          { ward: 'tufnell-park', email, choices, postcode: 'N19', outcome: false },
          { ...ctx, now },
        );
        if (!s.confirm) continue;
        const code = await emailedCode(db, TEST_SECRET, email);
        await confirmVote(db, { ward: 'tufnell-park', code }, pendingId, { ...ctx, now });
        last.set(
          s.who,
          [...choices].sort((x, y) => x - y),
        );
      }
      const stored = await db.select().from(voteBallots).where(eq(voteBallots.roundId, round.id));
      const tally = await tallyRound(db, round.id);
      expect(tally.turnout).toBe(last.size);
      expect(tally.counts).toEqual(recount(round.optionIds, stored));
      expect(tally.counts).toEqual(
        recount(
          round.optionIds,
          [...last.values()].map((choices) => ({ choices })),
        ),
      );
      expect(stored.map((b) => [...b.choices].sort((x, y) => x - y)).sort()).toEqual(
        [...last.values()].sort(),
      );
    }),
    { numRuns: 30 },
  );
}, 240_000);
