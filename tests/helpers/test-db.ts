// A fresh, migrated database for one test file, removed afterwards.
// PostgreSQL (TEST_DATABASE_URL): a new database on that server, copied from a migrated template
// database, dropped at the end. Otherwise: an in-memory PGlite started from a migrated data
// directory. Booting PGlite and migrating took ~2 s a database; loading the template ~0.4 s.
// Each template is made once per set of migrations (keyed by their hash), by the integration
// project's global setup (tests/setup/integration-global.ts) or else by the first test to need it;
// a seeded one once per process. Also: an unmigrated PGlite cluster, and a data directory on disk.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import { createDb, type Db, type DbHandle, MIGRATIONS_FOLDER } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { seedDatabase } from '../../db/seed.ts';

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

// The test databases' settings, kept in the templates (postgresql.auto.conf). PostgreSQL's default
// 128 MB of shared buffers is set up afresh at every boot of an instance; a test database holds a
// few megabytes. 16 MB cut a boot from the template from ~1.2 s to ~0.75 s of CPU (2026-12-06).
// Changing these changes the templates' names.
const PGLITE_SETTINGS = ["alter system set shared_buffers = '16MB'"];

/** `empty`: a new cluster (initdb), nothing migrated; `migrated`: every migration applied. */
type PgliteTemplate = 'empty' | 'migrated';

function pgliteTemplateFile(kind: PgliteTemplate): string {
  const key = createHash('sha256')
    .update(`${kind === 'migrated' ? migrationsHash() : ''}\0${PGLITE_SETTINGS.join('\0')}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(tmpdir(), `cn-pglite-${kind}-${key}.tar`);
}

/** The instance's data directory as a tarball, after a checkpoint so a boot has no WAL to replay. */
async function dumpPglite(client: PGlite): Promise<Blob> {
  await client.exec('checkpoint');
  return client.dumpDataDir('none');
}

/** Writes aside and renames, so a reader never sees half a file. */
async function writeAtomically(file: string, blob: Blob): Promise<void> {
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  renameSync(partial, file);
}

/** Makes the PGlite template file if it is missing (both, from one initdb); returns its path. */
export async function ensurePgliteTemplate(kind: PgliteTemplate = 'migrated'): Promise<string> {
  const file = pgliteTemplateFile(kind);
  if (existsSync(file)) {
    const now = new Date();
    utimesSync(file, now, now); // used: see pruneUnusedTemplates
    return file;
  }
  const client = await PGlite.create();
  try {
    for (const statement of PGLITE_SETTINGS) await client.exec(statement);
    await writeAtomically(pgliteTemplateFile('empty'), await dumpPglite(client));
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await writeAtomically(pgliteTemplateFile('migrated'), await dumpPglite(client));
  } finally {
    await client.close();
  }
  return file;
}

/**
 * A tarball for PGlite's `loadDataDir`, which reads it with `arrayBuffer()`: a copy of bytes in
 * memory, where Node's Blob reads its 40 MB in chunks and joins them (0.4 → 0.25 s of CPU a boot).
 */
class TarballBytes extends Blob {
  readonly #bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    super([]);
    this.#bytes = bytes;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes.slice().buffer;
  }
}

const pgliteTemplates = new Map<PgliteTemplate, Promise<Blob>>();
function loadPgliteTemplate(kind: PgliteTemplate = 'migrated'): Promise<Blob> {
  let blob = pgliteTemplates.get(kind);
  if (!blob) {
    blob = ensurePgliteTemplate(kind).then((file) => new TarballBytes(readFileSync(file)));
    pgliteTemplates.set(kind, blob);
  }
  return blob;
}

/** A new in-memory cluster with nothing migrated, as initdb leaves it (without running initdb). */
export async function createEmptyPglite(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await loadPgliteTemplate('empty') });
}

// The seeded database, made once per process (the integration files share their fork's modules):
// the first seeded file seeds a copy of the migrated template and keeps a dump of it, and the
// others start from that dump. Seeding took ~0.65 s of CPU a file. The seed's own times (the
// open vote round opens an hour before "now") are then minutes older for the later files, which
// nothing tests to the minute.
let pgliteSeeded: Promise<Blob> | undefined;
function loadPgliteSeeded(): Promise<Blob> {
  pgliteSeeded ??= (async () => {
    const client = await PGlite.create({ loadDataDir: await loadPgliteTemplate() });
    try {
      await seedDatabase(drizzle({ client, schema }) as unknown as Db);
      return new TarballBytes(new Uint8Array(await (await dumpPglite(client)).arrayBuffer()));
    } finally {
      await client.close();
    }
  })();
  return pgliteSeeded;
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
    if (found.length > 0) {
      await markUsed(admin, name);
      return name;
    }
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
    await markUsed(admin, name);
    return name;
  } finally {
    await admin.end();
  }
}

/** When a server template was last used, in its comment (PostgreSQL keeps no such date). */
async function markUsed(admin: postgres.Sql, name: string): Promise<void> {
  await admin.unsafe(
    `comment on database ${name} is 'cn test template, last used ${new Date().toISOString()}'`,
  );
}

/**
 * Templates are named by their migrations, so every change of migrations leaves the old ones
 * behind (40 MB files in the temporary folder, databases on the server), from every checkout on
 * the machine. The integration run removes those not used for a day: one still in use elsewhere
 * was used within the day, and one removed by mistake is made again in seconds. A server template
 * is dropped without force, so one being copied or connected to stays.
 */
const TEMPLATE_UNUSED_MS = 24 * 60 * 60 * 1000;

export async function pruneUnusedTemplates(
  serverUrl: string | undefined,
  now = Date.now(),
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    if (!/^cn-pglite-(empty|migrated)-[0-9a-f]{16}\.tar$/.test(name)) continue;
    const file = path.join(tmpdir(), name);
    try {
      if (now - statSync(file).mtimeMs < TEMPLATE_UNUSED_MS) continue;
      rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Removed by another run meanwhile.
    }
  }
  if (!serverUrl) return removed;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const templates = await admin<{ name: string; comment: string | null }[]>`
      select datname as name, shobj_description(oid, 'pg_database') as comment
      from pg_database where datname like 'cn\_template\_%'`;
    for (const { name, comment } of templates) {
      const used = Date.parse(comment?.match(/last used (\S+)/)?.[1] ?? '');
      // Unmarked: made before templates were marked (2026-12-07), so not used since.
      if (now - (Number.isNaN(used) ? 0 : used) < TEMPLATE_UNUSED_MS) continue;
      try {
        await admin.unsafe(`drop database if exists ${name}`);
        removed.push(name);
      } catch {
        // In use (55006): kept.
      }
    }
  } finally {
    await admin.end();
  }
  return removed;
}

let postgresTemplate: Promise<string> | undefined;

/** A fresh database, migrated; with `seeded`, holding the seed (db/seed.ts) as well. */
export async function createTestDb({ seeded = false }: { seeded?: boolean } = {}): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const loadDataDir = await (seeded ? loadPgliteSeeded() : loadPgliteTemplate());
    const handle = await createDb({ memory: true, loadDataDir });
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
  if (seeded) await seedDatabase(handle.db);
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
