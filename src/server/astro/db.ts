// The process's single database handle. Opened on first use, never per request. It starts no
// background jobs: the runtime (src/server/runtime/server.ts) starts the email worker and the retention job
// on it, and closes it on SIGTERM.
// With the embedded PGlite the server process owns the data directory, so it also applies any
// pending migrations on open; on PostgreSQL migrations are a release step (`npm run db:migrate`).
import { DATABASE_URL, PGLITE_DATA_DIR } from 'astro:env/server';
import { createDb, type Db, type DbHandle, dbOptionsFromEnv } from '../../../db/client.ts';

let opening: Promise<DbHandle> | undefined;

async function open(): Promise<DbHandle> {
  const handle = await createDb(dbOptionsFromEnv({ DATABASE_URL, PGLITE_DATA_DIR }));
  if (handle.kind === 'pglite') await handle.migrate();
  return handle;
}

/** The handle itself (its kind, close()), for the runtime; features and pages use getDb(). */
export function getDbHandle(): Promise<DbHandle> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
