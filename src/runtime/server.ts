// The server process's runtime: opens the database and starts what runs beside the requests — the
// email worker, the retention job and the newsletter scheduler — once per process, and stops them gracefully on SIGINT or
// SIGTERM (the email request in flight is finished and recorded, then the database is closed).
// The built server starts it at startup (startup.ts); under `astro dev`, where nothing runs at
// startup, the middleware starts it on the first request.
import { assertNoExposedDemoStaff } from '../features/auth/demo-staff.server.ts';
import { getDbHandle } from '../lib/server/db.ts';
import { describeError, log } from '../lib/server/log.ts';
import { pageCache } from '../lib/server/page-cache.ts';
import { followPublicChanges } from '../lib/server/public-changes.ts';
import { startEmailWorker } from './email-worker.ts';
import { startNewsletterScheduler } from './newsletter-scheduler.ts';
import { startRetentionJob } from './retention-job.ts';

let starting: Promise<void> | undefined;

async function start(): Promise<void> {
  const handle = await getDbHandle();
  // Before anything runs: published demo credentials are never served beyond this computer.
  await assertNoExposedDemoStaff(handle.db, process.env);
  // Other processes' staff writes purge this process's page cache (PostgreSQL).
  await followPublicChanges(handle).catch((error: unknown) => {
    pageCache.turnOff();
    log.error('Could not follow public content changes: the page cache is off', describeError(error));
  });
  const worker = await startEmailWorker(handle);
  const stopRetention = startRetentionJob(handle.db);
  const stopScheduler = startNewsletterScheduler(handle.db);
  const close = (): void => {
    stopRetention();
    stopScheduler();
    log.info('Page cache', { ...pageCache.snapshot() });
    // Let the email request in flight finish and be recorded, then close the database.
    void (worker?.stop() ?? Promise.resolve())
      .catch((error: unknown) => log.error('Email worker did not stop cleanly', describeError(error)))
      .then(() => handle.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
}

/** Starts the runtime once; a failed start (the database would not open) is tried again next call. */
export function startServerRuntime(): Promise<void> {
  starting ??= start().catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
}
