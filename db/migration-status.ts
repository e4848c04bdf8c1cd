// Whether the database has every migration this build carries: the readiness check's second half
// (src/server/http/health.ts). Drizzle's migrator records each applied migration in
// drizzle.__drizzle_migrations with created_at = the journal entry's `when`, and applies those whose
// `when` is later than the latest recorded, so "up to date" is: the latest recorded `when` is at
// least the last one in db/migrations/meta/_journal.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, MIGRATIONS_FOLDER, rowsOf } from './client.ts';

interface Journal {
  entries: { when: number; tag: string }[];
}

/** The `when` of the last migration bundled with this build (read once from the journal). */
export function bundledMigrationAt(folder = MIGRATIONS_FOLDER): number {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as Journal;
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

export interface MigrationStatus {
  /** The latest applied migration's `when` (0: none, or no migrations table). */
  applied: number;
  bundled: number;
  behind: boolean;
}

/** Compares the database's latest applied migration with the build's. Throws if the query fails. */
export async function migrationStatus(db: Db, bundled: number): Promise<MigrationStatus> {
  const result = await db.execute(sql`
    select coalesce(max(created_at), 0)::text as applied
    from drizzle.__drizzle_migrations`);
  const applied = Number(rowsOf<{ applied: string }>(result)[0]?.applied ?? 0);
  return { applied, bundled, behind: applied < bundled };
}
