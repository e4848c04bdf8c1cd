// Migrations and the seed, against a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { seedDatabase } from '../../../db/seed.ts';
import { test } from '../../helpers/fixtures.ts';

const TABLES = [
  'boroughs',
  'wards',
  'plan_actions',
  'plan_commitments',
  'action_updates',
  'performance_datasets',
  'performance_values',
] as const;

async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const rows = await db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
    const list = Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows;
    out[table] = Number(list[0]?.n);
  }
  return out;
}

describe('seedDatabase', () => {
  test('loads the wards, the plan and the performance figures', async ({ db }) => {
    const { inserted } = await seedDatabase(db);
    expect(inserted.boroughs).toBe(2);
    expect(inserted.wards).toBe(37);
    expect(inserted.plan_actions).toBe(10);
    expect(inserted.plan_commitments).toBe(20);
    expect(inserted.action_updates).toBeGreaterThanOrEqual(10);
    expect(inserted.performance_datasets).toBe(5);
    expect(inserted.newsletters).toBe(4);
    expect(await counts(db)).toMatchObject({ boroughs: 2, wards: 37, plan_actions: 10 });
  });

  test('changes nothing when run again', async ({ db }) => {
    const before = await counts(db);
    const { inserted } = await seedDatabase(db);
    expect(Object.values(inserted).every((n) => n === 0)).toBe(true);
    expect(await counts(db)).toEqual(before);
  });

  test('re-applying migrations is a no-op', async ({ testDb }) => {
    await expect(testDb.migrate()).resolves.toBeUndefined();
  });

  test('enforces the lifecycle values in the database itself', async ({ db }) => {
    await expect(
      db.execute(sql`insert into action_updates (action_id, update_date, status, headline, body)
        select id, '2026-01-01', 'finished', 'x', 'y' from plan_actions limit 1`),
    ).rejects.toThrow();
  });
});
