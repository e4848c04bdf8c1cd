// Security review 2, item 1 (decision 0102): given the database and the app secret, no one can link an
// anonymous concern to the address that sent it. Two properties, each tested as an attacker holding
// exactly those two things would try:
// - the key: a process started afresh with the same database and app secret (which is all such an
//   attacker has) computes no key under which the sender's address finds its rows, and the key the
//   sending process used is stored nowhere;
// - the times: two reporters in one hour leave rows that differ only in their keys, with no time
//   finer than the hour, so neither row can be matched to a concern by its time.
import { sql } from 'drizzle-orm';
import { describe, expect, vi } from 'vitest';
import { concerns, rateLimits } from '../../../db/schema/index.ts';
import { DRAFT_LIMIT, SEND_LIMIT, sendConcern } from '../../../src/features/concerns/concerns.server.ts';
import { CAST_LIMIT } from '../../../src/features/votes/ballots.server.ts';
import { ephemeralDailyKey, hitResidentLimit, rateLimitKey } from '../../../src/server/node/rate-limit.ts';
import { CLIENT, fillDraft, findAnywhere } from '../../helpers/concern-drafts.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

const BASE = 'https://portal.example.org';
const HOUR = 3_600_000;
const OTHER = '198.51.100.23';

test.beforeEach(async ({ db }) => {
  await db.execute(sql`truncate rate_limits, form_drafts`);
});

describe('an anonymous concern cannot be linked to the address that sent it', () => {
  test('a process started afresh with the database and the app secret finds no row of the sender', async ({
    db,
  }) => {
    const token = await fillDraft(db, { contact: { anonymous: 'yes' }, client: CLIENT });
    await sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE });
    // A resident's vote counts its client the same way (the vote forms go through hitResidentLimit).
    await hitResidentLimit(db, CAST_LIMIT, CLIENT);
    const stored = new Set((await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key));
    const scopes = [SEND_LIMIT.scope, DRAFT_LIMIT.scope, CAST_LIMIT.scope];
    for (const scope of scopes)
      expect(stored.has(rateLimitKey(ephemeralDailyKey(), scope, CLIENT))).toBe(true);

    // The key the sending process used is written nowhere, in any encoding.
    const key = ephemeralDailyKey();
    expect(
      await findAnywhere(db, [key.toString('hex'), key.toString('base64'), key.toString('base64url')]),
    ).toEqual([]);

    // Anyone holding the database and the app secret can run the portal's own code over them: a
    // process with a fresh memory. Whatever it derives, it cannot find the sender's rows.
    vi.resetModules();
    const fresh = await import('../../../src/server/node/rate-limit.ts');
    expect(fresh.ephemeralDailyKey).not.toBe(ephemeralDailyKey);
    for (const scope of scopes)
      expect(stored.has(fresh.rateLimitKey(fresh.ephemeralDailyKey(), scope, CLIENT))).toBe(false);
    // And counting the same address again there starts a row of its own: nothing ties it to the first.
    const again = await fresh.hitResidentLimit(db, SEND_LIMIT, CLIENT);
    expect(again.count).toBe(1);
  });

  test('two reporters in one hour leave rows that differ only in their keys, with no time finer than the hour', async ({
    db,
  }) => {
    const hour = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
    const at = (minutes: number, seconds: number) => new Date(hour + minutes * 60_000 + seconds * 1000);
    // One reporter starts at 10:03 and sends at 10:11; the other starts at 10:24 and sends at 10:47.
    for (const [client, start, send] of [
      [CLIENT, at(3, 7), at(11, 41)],
      [OTHER, at(24, 19), at(47, 2)],
    ] as const) {
      const token = await fillDraft(db, { contact: { anonymous: 'yes' }, client, now: start });
      await sendConcern(db, TEST_SECRET, token, { client, baseUrl: BASE, now: send });
    }
    const sent = await db.select({ createdAt: concerns.createdAt }).from(concerns);
    const createdTimes = new Set(sent.map((c) => c.createdAt.getTime()));
    expect(createdTimes.has(at(11, 41).getTime()) && createdTimes.has(at(47, 2).getTime())).toBe(true);

    const rows = (await db.select().from(rateLimits)).filter((r) => r.key.startsWith('concern:'));
    for (const scope of [SEND_LIMIT.scope, DRAFT_LIMIT.scope]) {
      const ofScope = rows.filter((r) => r.key.startsWith(`${scope}:`));
      expect(ofScope).toHaveLength(2);
      // The same window start (the hour) and count for both: the rows are interchangeable but for keys.
      expect(new Set(ofScope.map((r) => `${r.windowStart.toISOString()} ${r.count}`))).toEqual(
        new Set([`${new Date(hour).toISOString()} 1`]),
      );
    }
    for (const row of rows) expect(createdTimes.has(row.windowStart.getTime())).toBe(false);
    // No column of the table could hold an order or a finer time: key, window start, count.
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['count', 'key', 'windowStart']);
  });
});
