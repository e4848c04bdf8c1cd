// Issue 19: a date of birth outside 14–25 stores nothing in any table (and deletes an earlier
// draft); equality answers cannot be joined back to an application (no key, no shared id, nothing
// finer than a month).
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { type Db, rowsOf } from '../../../db/client.ts';
import { equalityResponses, formDrafts, panelApplications } from '../../../db/schema/index.ts';
import {
  getApplicationDraft,
  saveApplicationStep,
} from '../../../src/features/panels/applications.server.ts';
import { applyFor } from '../../helpers/applications.ts';
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
