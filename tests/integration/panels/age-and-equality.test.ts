// Issue 19: a date of birth outside 14–25 stores nothing in any table (and deletes an earlier
// draft), and so does "no" to 18 or over on a Ward Panel's form (decision 0159); equality answers cannot be joined back to an application (no key, no shared id, nothing
// finer than a month).
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { type Db, rowsOf } from '../../../db/client.ts';
import { equalityResponses, formDrafts, panelApplications } from '../../../db/schema/index.ts';
import {
  getApplicationDraft,
  saveApplicationStep,
  sendApplication,
} from '../../../src/features/panels/applications.server.ts';
import { answersFor, applyFor, BASE, draftApplication } from '../../helpers/applications.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

const NOW = new Date('2026-12-06T12:00:00Z');

/** Rows in every table of the public schema (the out-of-range test compares before and after). */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = rowsOf<{ t: string }>(
    await db.execute(
      sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const counts: Record<string, number> = {};
  for (const { t } of tables) {
    const [r] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from "${t}"`)));
    counts[t] = Number(r?.n);
  }
  return counts;
}

describe('a date of birth outside 14–25', () => {
  test.for([
    ['a 12-year-old', '2014-03-01', 'young'],
    ['a 13-year-old the day before their birthday', '2012-12-07', 'young'],
    ['a 26-year-old', '2000-12-06', 'old'],
  ] as const)('%s: nothing is stored in any table', async ([, dateOfBirth, too], { db }) => {
    const before = await rowCounts(db);
    const saved = await saveApplicationStep(
      db,
      TEST_SECRET,
      'youth-forum',
      undefined,
      'birth',
      { dateOfBirth },
      { client: '192.0.2.77', now: NOW },
    );
    expect(saved).toEqual({ kind: 'out_of_range', too });
    expect(await rowCounts(db)).toEqual(before);
  });

  test('changing an earlier date of birth to one out of range deletes the draft', async ({ db }) => {
    const first = await saveApplicationStep(
      db,
      TEST_SECRET,
      'youth-forum',
      undefined,
      'birth',
      { dateOfBirth: '2009-01-01' },
      { client: '192.0.2.78', now: NOW },
    );
    if (first.kind !== 'saved') throw new Error('not saved');
    const drafts = await db.$count(formDrafts);
    await saveApplicationStep(
      db,
      TEST_SECRET,
      'youth-forum',
      first.token,
      'birth',
      { dateOfBirth: '2015-01-01' },
      { client: '192.0.2.78', now: NOW },
    );
    expect(await db.$count(formDrafts)).toBe(drafts - 1);
    expect(await getApplicationDraft(db, TEST_SECRET, 'youth-forum', first.token, NOW)).toBeNull();
  });
});

describe('a Ward Panel applicant under 18', () => {
  const save = (db: Db, token: string | undefined, adult: 'yes' | 'no') =>
    saveApplicationStep(
      db,
      TEST_SECRET,
      'ward-panel',
      token,
      'adult',
      { adult },
      { client: '192.0.2.79', now: NOW },
    );

  test('"no" to 18 or over: nothing is stored in any table', async ({ db }) => {
    const before = await rowCounts(db);
    expect(await save(db, undefined, 'no')).toEqual({ kind: 'not_adult' });
    expect(await rowCounts(db)).toEqual(before);
  });

  test('changing "yes" to "no" deletes the draft', async ({ db }) => {
    const first = await save(db, undefined, 'yes');
    if (first.kind !== 'saved') throw new Error('not saved');
    const drafts = await db.$count(formDrafts);
    expect(await save(db, first.token, 'no')).toEqual({ kind: 'not_adult' });
    expect(await db.$count(formDrafts)).toBe(drafts - 1);
    expect(await getApplicationDraft(db, TEST_SECRET, 'ward-panel', first.token, NOW)).toBeNull();
  });

  test('a draft that never answered the question (begun before it was asked) cannot be sent', async ({
    db,
  }) => {
    const ctx = (client: string) => ({ client, baseUrl: BASE, now: NOW });
    const old = await draftApplication(db, 'ward-panel', answersFor('ward-panel'), {
      now: NOW,
      skip: ['adult'],
    });
    await expect(
      sendApplication(db, TEST_SECRET, 'ward-panel', old.token, ctx(old.client)),
    ).rejects.toMatchObject({ code: 'incomplete', details: { step: 'adult' } });
    const all = await draftApplication(db, 'ward-panel', answersFor('ward-panel'), { now: NOW });
    const { id } = await sendApplication(db, TEST_SECRET, 'ward-panel', all.token, ctx(all.client));
    expect(id).toBeTruthy();
  });
});

describe('equality answers cannot be joined back to an application', () => {
  test('no foreign key, no column an application shares but the panel, and nothing finer than a month', async ({
    db,
  }) => {
    const columns = rowsOf<{ column_name: string; data_type: string }>(
      await db.execute(
        sql`select column_name, data_type from information_schema.columns where table_name = 'equality_responses' order by ordinal_position`,
      ),
    );
    expect(columns.filter((c) => /time|serial/.test(c.data_type)).map((c) => c.column_name)).toEqual([]);
    expect(columns.map((c) => c.column_name)).not.toContain('application_id');
    const fks = rowsOf<{ ref: string }>(
      await db.execute(sql`
        select ccu.table_name as ref from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
        where tc.table_name = 'equality_responses' and tc.constraint_type = 'FOREIGN KEY'`),
    );
    expect(fks.map((f) => f.ref).sort()).toEqual(['boroughs', 'wards']);
    // No default that orders rows (a sequence) either.
    expect(columns.length).toBe(11);
    await applyFor(db, 'ward-panel', undefined, { now: NOW });
    const ids = await db.select({ id: panelApplications.id }).from(panelApplications);
    const eqIds = await db.select({ id: equalityResponses.id }).from(equalityResponses);
    expect(eqIds.filter((e) => ids.some((a) => a.id === e.id))).toEqual([]);
    const days = await db.select({ m: equalityResponses.submittedMonth }).from(equalityResponses);
    expect(days.every((d) => d.m.endsWith('-01'))).toBe(true);
  });
});
