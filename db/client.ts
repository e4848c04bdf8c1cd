// createDb(): the one way the app, scripts and tests open the database.
// postgres.js when a URL is given (DATABASE_URL); otherwise embedded PGlite persisted in a data
// directory, or in memory for tests. Nothing here imports from src/ or astro:*.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Either driver's database: both speak the same Drizzle query API. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction from `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Functions that write as part of the caller's transaction take either. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies every migration in db/migrations not yet applied. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `onMessage` for each NOTIFY on `channel` (delivered at commit), and `onConnect` each time
   * the listening connection is (re)established: once for PGlite, whose one connection is this
   * process's own. Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onConnect: () => void,
  ): Promise<() => Promise<void>>;
}

/** The rows of `db.execute(sql…)`: postgres.js gives an array, PGlite an object holding one. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export type DbOptions =
  | { url: string; maxConnections?: number }
  | { dataDir: string }
  /** In memory; `loadDataDir` starts from a `dumpDataDir()` tarball (tests: a migrated template). */
  | { memory: true; loadDataDir?: Blob };

/** Resolved from the working directory: the built server is bundled away from this file. */
export const MIGRATIONS_FOLDER = path.resolve('db/migrations');

/** Where the embedded database lives unless PGLITE_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = './data/pglite';

/** Reads DATABASE_URL / PGLITE_DATA_DIR from an env object. */
export function dbOptionsFromEnv(env: Record<string, string | undefined>): DbOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR };
}

type Sql = postgres.Sql;

/**
 * Drizzle asks postgres.js for unnamed statements (`prepare: false`) unless a query is `.prepare()`d,
 * and postgres.js then describes every statement with parameters before running it: two round trips
 * a query, and nothing pipelined behind it on the connection. Named statements take one round trip
 * once a connection has seen the query. So every query here, in transactions and savepoints too, is
 * named. The statements a connection keeps are bounded by the app's query shapes and by postgres.js
 * closing each connection within an hour (`max_lifetime`); a pooler in front of PostgreSQL must pass
 * prepared statements through (PgBouncer 1.21 or later in transaction mode, `max_prepared_statements`).
 */
export function preparing(sql: Sql): Sql {
  const unsafe = sql.unsafe.bind(sql);
  // postgres.js takes (query, args, options) or (query, options): both become the first.
  sql.unsafe = ((query: string, args?: unknown, options?: object) =>
    Array.isArray(args) || args === undefined
      ? unsafe(query, (args ?? []) as never[], { ...options, prepare: true })
      : unsafe(query, [], { ...(args as object), prepare: true })) as Sql['unsafe'];
  // A transaction's callback gets a new `sql` for its connection (and a savepoint another): wrap it.
  const scoped = sql as unknown as Record<
    'begin' | 'savepoint',
    ((...args: unknown[]) => unknown) | undefined
  >;
  for (const name of ['begin', 'savepoint'] as const) {
    const original = scoped[name];
    if (typeof original !== 'function') continue;
    scoped[name] = (...args: unknown[]) =>
      original.apply(
        sql,
        args.map((a) => (typeof a === 'function' ? (inner: Sql) => a(preparing(inner)) : a)),
      );
  }
  return sql;
}

export async function createDb(options: DbOptions): Promise<DbHandle> {
  if ('url' in options) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // Keep the connection string (which may hold a password) out of error messages.
      connection: { application_name: 'cn-portal' },
    });
    const db = drizzlePostgres({ client: preparing(client), schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => client.end({ timeout: 5 }),
      listen: async (channel, onMessage, onConnect) => {
        const { unlisten } = await client.listen(channel, onMessage, onConnect);
        return unlisten;
      },
    };
  }

  let lock: DataDirLock | undefined;
  let client: PGlite;
  if ('dataDir' in options) {
    const dir = path.resolve(options.dataDir);
    // PGlite creates only the last path segment: make its parents first.
    mkdirSync(path.dirname(dir), { recursive: true });
    lock = acquireDataDirLock(dir);
    try {
      client = await PGlite.create(dir);
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: async () => {
      await client.close();
      lock?.release();
    },
    listen: async (channel, onMessage, onConnect) => {
      const unlisten = await client.listen(channel, onMessage);
      onConnect();
      return unlisten;
    },
  };
}
