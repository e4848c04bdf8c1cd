// Migrations and the seed, against a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../db/seed.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

const TABLES = [
  'boroughs',
  'wards',
  'plan_actions',
  'plan_commitments',
  'action_updates',
  'performance_datasets',
  'performance_values',
] as const;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const rows = await t.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
    const list = Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows;
    out[table] = Number(list[0]?.n);
  }
  return out;
}

describe('seedDatabase', () => {
  it('loads the wards, the plan and the performance figures', async () => {
    const { inserted } = await seedDatabase(t.db);
    expect(inserted.boroughs).toBe(2);
    expect(inserted.wards).toBe(37);
    expect(inserted.plan_actions).toBe(10);
    expect(inserted.plan_commitments).toBe(20);
    expect(inserted.action_updates).toBeGreaterThanOrEqual(10);
    expect(inserted.performance_datasets).toBe(5);
    expect(inserted.newsletters).toBe(4);
    expect(await counts()).toMatchObject({ boroughs: 2, wards: 37, plan_actions: 10 });
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    const { inserted } = await seedDatabase(t.db);
    expect(Object.values(inserted).every((n) => n === 0)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('re-applying migrations is a no-op', async () => {
    await expect(t.migrate()).resolves.toBeUndefined();
  });

  it('enforces the lifecycle values in the database itself', async () => {
    await expect(
      t.db.execute(sql`insert into action_updates (action_id, update_date, status, headline, body)
        select id, '2026-01-01', 'finished', 'x', 'y' from plan_actions limit 1`),
    ).rejects.toThrow();
  });
});
