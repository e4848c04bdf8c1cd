// A fresh, migrated database for one test file, removed afterwards.
// PostgreSQL (TEST_DATABASE_URL): a new database on that server, copied from a migrated template
// database, dropped at the end. Otherwise: an in-memory PGlite started from a migrated data
// directory. Booting PGlite and migrating took ~2 s a database; loading the template ~0.4 s.
// Each template is made once per set of migrations (keyed by their hash), by the integration
// project's global setup (tests/setup/integration-global.ts) or else by the first test to need it.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import { createDb, type DbHandle, MIGRATIONS_FOLDER } from '../../db/client.ts';

export interface TestDb extends DbHandle {
  /** PostgreSQL only: the test database's URL, to open more handles (several workers). */
  url?: string;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

/** A short hash of every file under db/migrations (names and contents). */
export function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        h.update(`${path.relative(MIGRATIONS_FOLDER, full)}\0`)
          .update(readFileSync(full))
          .update('\0');
    }
  };
  walk(MIGRATIONS_FOLDER);
  return h.digest('hex').slice(0, 16);
}

// The test databases' settings, kept in the template (postgresql.auto.conf). PostgreSQL's default
// 128 MB of shared buffers is set up afresh at every boot of an instance; a test database holds a
// few megabytes. 16 MB cut a boot from the template from ~1.2 s to ~0.75 s of CPU (2026-12-06).
// The checkpoint leaves no WAL to replay at boot. Changing these changes the template's name.
const PGLITE_TEMPLATE_SETUP = ["alter system set shared_buffers = '16MB'", 'checkpoint'];

/** Makes the PGlite template file for the current migrations if it is missing; returns its path. */
export async function ensurePgliteTemplate(): Promise<string> {
  const key = createHash('sha256')
    .update(`${migrationsHash()}\0${PGLITE_TEMPLATE_SETUP.join('\0')}`)
    .digest('hex')
    .slice(0, 16);
  const file = path.join(tmpdir(), `cn-pglite-template-${key}.tar`);
  if (existsSync(file)) return file;
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    for (const statement of PGLITE_TEMPLATE_SETUP) await client.exec(statement);
    const dump = await client.dumpDataDir('none');
    // Written aside and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await client.close();
  }
  return file;
}

let pgliteTemplate: Promise<Blob> | undefined;
function loadPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= ensurePgliteTemplate().then((file) => new Blob([readFileSync(file)]));
  return pgliteTemplate;
}

/**
 * Makes `dataDir` a PGlite data directory holding the migrated template. Unpacked by the system's
 * `tar` (GNU and BSD tar both read PGlite's dump): PGlite itself took 4–6 s to write it out.
 */
export async function pgliteDataDirFromTemplate(dataDir: string): Promise<void> {
  const file = await ensurePgliteTemplate();
  mkdirSync(dataDir, { recursive: true });
  const run = spawnSync('tar', ['-xf', file, '-C', dataDir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tar could not unpack ${file}: ${run.stderr}`);
}

/** The name of the migrated template database on the server; made if it is missing. */
export async function ensurePostgresTemplate(serverUrl: string): Promise<string> {
  const name = `cn_template_${migrationsHash()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length > 0) return name;
    // Migrated under a private name and renamed, so no one copies a half-migrated template.
    const building = `cn_building_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database ${building}`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const handle = await createDb({ url: url.toString(), maxConnections: 1 });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    try {
      await admin.unsafe(`alter database ${building} rename to ${name}`);
    } catch (error) {
      // Another run made it first (42P04: duplicate database): use theirs.
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}

let postgresTemplate: Promise<string> | undefined;

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await createDb({ memory: true, loadDataDir: await loadPgliteTemplate() });
    return { ...handle, destroy: () => handle.close() };
  }
  postgresTemplate ??= ensurePostgresTemplate(serverUrl);
  const template = await postgresTemplate;
  const name = `cn_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), maxConnections: 4 });
  return {
    ...handle,
    url: url.toString(),
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
