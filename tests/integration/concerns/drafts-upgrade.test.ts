// Migration 0019 moves /report's drafts from concern_drafts into the shared form_drafts table: a
// resident part-way through a report when the portal is upgraded keeps their answers, and the cookie
// they hold still opens the draft (the 'report' form kept its hashing key). PGlite only: the
// migration's SQL is the same on PostgreSQL, and the upgrade is replayed from a trimmed journal.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, MIGRATIONS_FOLDER } from '../../../db/client.ts';
import * as schema from '../../../db/schema/index.ts';
import { getDraft, REPORT_DRAFT } from '../../../src/features/concerns/concerns.server.ts';
import { generateSecret, hashSecret } from '../../../src/features/secrets/secrets.ts';
import { createEmptyPglite } from '../../helpers/test-db.ts';

const APP_SECRET = new Uint8Array(32).fill(7);
const dirs: string[] = [];

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cn-migrations-'));
  dirs.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('upgrading to shared drafts (migration 0019)', () => {
  it('keeps a report draft and its cookie working', async () => {
    const client = await createEmptyPglite();
    const db = drizzle({ client, schema }) as unknown as Db;
    try {
      await migrate(db as never, {
        migrationsFolder: migrationsBefore('0019_report_drafts_into_form_drafts'),
      });
      const token = generateSecret('link');
      const answers = { what: { category: 'drugs' } };
      const startedAt = new Date('2026-12-06T10:00:00Z');
      await client.query(
        'insert into concern_drafts (token_hash, answers, started_at, updated_at, expires_at) values ($1, $2, $3, $3, $4)',
        [
          hashSecret(APP_SECRET, REPORT_DRAFT.purpose, token),
          JSON.stringify(answers),
          startedAt,
          new Date('2026-12-06T12:00:00Z'),
        ],
      );

      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });

      const draft = await getDraft(db, APP_SECRET, token, new Date('2026-12-06T11:00:00Z'));
      expect(draft).toEqual({ answers, startedAt });
      const tables = await client.query<{ n: string }>(
        "select count(*)::text as n from information_schema.tables where table_name = 'concern_drafts'",
      );
      expect(tables.rows[0]?.n).toBe('0');
    } finally {
      await client.close();
    }
    // Two full migration runs from an empty database: seconds each on a loaded machine.
  }, 90_000);
});
