// The audit log against whoever connects: nobody may truncate it (a trigger, on both databases), and
// on PostgreSQL the runtime role made by `node db/cli.ts roles --runtime-role <name>` may insert and
// read audit rows, delete only rows past their 730 days (the retention job), never update or
// truncate them — while doing its normal work on every other table.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../../db/client.ts';
import { bundledMigrationAt, migrationStatus } from '../../../db/migration-status.ts';
import { auditLog } from '../../../db/schema/index.ts';
import { inviteStaff } from '../../../src/features/auth/one-time-links.server.ts';
import { enforceRetention } from '../../../src/features/retention/retention.server.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const role = `cn_app_test_${randomBytes(4).toString('hex')}`;
const DAY = 86_400_000;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
  if (onPostgres) {
    const admin = postgres(process.env.TEST_DATABASE_URL as string, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  }
});

function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, ['--experimental-strip-types', 'db/cli.ts', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('the audit log refuses TRUNCATE', () => {
  it('from the schema owner too', async () => {
    await t.db.insert(auditLog).values({ action: 'test.truncate' });
    await expect(t.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(row?.n).toBeGreaterThan(0);
  });
});

describe.skipIf(onPostgres)('roles on the embedded database', () => {
  it('are refused with a clear message', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cn-roles-'));
    try {
      const run = cli(
        { DATABASE_URL: '', PGLITE_DATA_DIR: path.join(dir, 'pglite') },
        'roles',
        '--runtime-role',
        'cn_app',
      );
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/PostgreSQL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!onPostgres)('the runtime role on PostgreSQL', () => {
  let app: DbHandle;
  beforeAll(async () => {
    const url = t.url as string;
    for (let i = 0; i < 2; i++) {
      // Twice: the command is idempotent.
      const run = cli({ DATABASE_URL: url }, 'roles', '--runtime-role', role);
      expect(run.status, run.stderr).toBe(0);
    }
    const asApp = new URL(url);
    asApp.username = role;
    app = await createDb({ url: asApp.toString(), maxConnections: 2 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a bad role name', () => {
    const run = cli(
      { DATABASE_URL: t.url as string },
      'roles',
      '--runtime-role',
      'x"; drop table audit_log; --',
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/role name/i);
  });

  it('connects as itself', async () => {
    const rows = await app.db.select({ who: sql<string>`current_user` }).from(sql`(select 1) as one`);
    expect(rows).toEqual([{ who: role }]);
  });

  it('reads the applied migrations, as readiness does, and they match the build', async () => {
    const status = await migrationStatus(app.db, bundledMigrationAt());
    expect(status.behind).toBe(false);
    expect(status.applied).toBe(status.bundled);
  });

  it('inserts and reads audit rows', async () => {
    await app.db.insert(auditLog).values({ action: 'test.insert' });
    const rows = await app.db.select().from(auditLog).where(sql`action = 'test.insert'`);
    expect(rows).toHaveLength(1);
  });

  it('cannot update, delete a young row, or truncate the audit log', async () => {
    const refused = (why: RegExp) => ({
      cause: expect.objectContaining({ message: expect.stringMatching(why) }),
    });
    await expect(app.db.update(auditLog).set({ reason: 'changed' })).rejects.toMatchObject(
      refused(/permission denied/),
    );
    await expect(app.db.delete(auditLog).where(sql`action = 'test.insert'`)).rejects.toMatchObject(
      refused(/730 days/),
    );
    await expect(app.db.execute(sql`truncate audit_log`)).rejects.toMatchObject(refused(/permission denied/));
    const rows = await t.db.select().from(auditLog).where(sql`action = 'test.insert'`);
    expect(rows.map((r) => r.reason)).toEqual([null]);
  });

  it('does its normal work: staff, tokens, email, and the retention job including old audit rows', async () => {
    await t.db.insert(auditLog).values({ action: 'test.old', at: new Date(Date.now() - 800 * DAY) });
    const invited = await inviteStaff(
      app.db,
      { email: 'runtime-role@example.org', name: 'Runtime Role', role: 'liaison_officer' },
      { id: null, email: 'test' },
      TEST_SECRET,
    );
    expect(invited.staffId).toBeTruthy();
    const deleted = await enforceRetention(app.db);
    expect(deleted.auditLog).toBe(1);
  });
});
