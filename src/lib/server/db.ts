// The process's single database handle. Opened on first use, never per request — and at startup in
// the built server (startup.ts), so the email worker it starts runs without waiting for a request.
// With the embedded PGlite the server process owns the data directory, so it also applies any
// pending migrations on open; on PostgreSQL migrations are a release step (`npm run db:migrate`).
import { DATABASE_URL, PGLITE_DATA_DIR } from 'astro:env/server';
import { createDb, type Db, type DbHandle, dbOptionsFromEnv } from '../../../db/client.ts';
import { startEmailWorker } from './email-worker.ts';
import { describeError, log } from './log.ts';
import { startRetentionJob } from './retention-job.ts';

let opening: Promise<DbHandle> | undefined;

async function open(): Promise<DbHandle> {
  const handle = await createDb(dbOptionsFromEnv({ DATABASE_URL, PGLITE_DATA_DIR }));
  if (handle.kind === 'pglite') await handle.migrate();
  const worker = startEmailWorker(handle.db, handle.kind);
  const stopRetention = startRetentionJob(handle.db);
  const close = (): void => {
    stopRetention();
    // Let the email request in flight finish and be recorded, then close the database.
    void (worker?.stop() ?? Promise.resolve())
      .catch((error: unknown) => log.error('Email worker did not stop cleanly', describeError(error)))
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  return handle;
}

export async function getDb(): Promise<Db> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return (await opening).db;
}
