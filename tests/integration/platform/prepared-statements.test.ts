// On PostgreSQL every query Drizzle sends is a named (prepared) statement, in a transaction and a
// savepoint too: postgres.js sends an unnamed statement with parameters in two round trips (describe,
// then run) and pipelines nothing behind it (db/client.ts, `preparing`). PGlite has no connections to
// save round trips on: nothing to check there.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, rowsOf } from '../../../db/client.ts';
import { wards } from '../../../db/schema/index.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDb;
let one: DbHandle;
beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestDb();
  // One connection, so the statements it has prepared are the ones this test made.
  one = await createDb({ url: t.url as string, maxConnections: 1 });
});
afterAll(async () => {
  await one?.close();
  await t?.destroy();
});

const prepared = async () =>
  rowsOf<{ statement: string }>(await one.db.execute(sql`select statement from pg_prepared_statements`)).map(
    (r) => r.statement,
  );

describe.skipIf(!onPostgres)('queries on PostgreSQL', () => {
  it('are named statements, outside and inside transactions and savepoints, and give the same rows', async () => {
    const byId = (id: number) => one.db.select({ id: wards.id }).from(wards).where(eq(wards.id, id));
    expect(await byId(-1)).toEqual([]);
    await one.db.transaction(async (tx) => {
      await tx.execute(sql`select ${'in a transaction'}::text as marker`);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`select ${'in a savepoint'}::text as marker`);
      });
    });
    const statements = await prepared();
    expect(statements.some((s) => s.includes('from "wards" where "wards"."id" = $1'))).toBe(true);
    expect(statements.some((s) => s.includes('$1::text as marker'))).toBe(true);
    // Run again, the same statement is used, not prepared a second time.
    const before = statements.length;
    expect(await byId(-2)).toEqual([]);
    expect((await prepared()).length).toBe(before);
  });
});
