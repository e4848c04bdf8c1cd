// A fresh, migrated and seeded database (test-db.ts) made before a file's tests and dropped after
// them, by hooks. Superseded by `seededTest` in fixtures.ts: kept while tests/integration/votes uses it.
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../db/client.ts';
import { seedDatabase } from '../../db/seed.ts';
import { createTestDb, type TestDb } from './test-db.ts';

/** Registers the file's hooks; `.db` is the database inside a test. */
export function seededTestDb(): { readonly db: Db } {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    await seedDatabase(t.db);
  });
  afterAll(async () => {
    await t?.destroy();
  });
  return {
    get db() {
      if (!t) throw new Error('The test database is made in beforeAll');
      return t.db;
    },
  };
}
