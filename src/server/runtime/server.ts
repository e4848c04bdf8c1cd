// The server process's runtime: opens the database and starts what runs beside the requests — the
// email worker, the retention job and the scheduler (newsletters, vote rounds) — once per process; makes readiness
// follow the database (src/server/http/health.ts); serves the metrics on METRICS_PORT; and shuts all
// of it down gracefully on SIGTERM or SIGINT (shutdown.ts).
// The built server starts it at startup (startup.ts); under `astro dev`, where nothing runs at
// startup, the middleware starts it on the first request.
import { METRICS_HOST, METRICS_PORT } from 'astro:env/server';
import type { Db, DbHandle } from '../../../db/client.ts';
import { bundledMigrationAt } from '../../../db/migration-status.ts';
import { assertNoExposedDemoStaff } from '../../features/auth/demo-staff.server.ts';
import { migrateToDerivedKeys } from '../../features/auth/key-migration.server.ts';
import { outboxFigures } from '../../features/email/outbox-figures.server.ts';
import type { OutboxWorker } from '../../features/email/outbox-worker.ts';
import { getAppSecret, publicBaseUrl } from '../astro/config.ts';
import { getDbHandle } from '../astro/db.ts';
import { describeError, log } from '../astro/log.ts';
import { databaseProbe, isShuttingDown, setReadinessProbe } from '../http/health.ts';
import { boundAddress, listeningServer } from '../http/listening.ts';
import { type MetricsServer, metricsAddress, startMetricsServer } from '../http/metrics-server.ts';
import { pageCache } from '../http/page-cache.ts';
import { followPublicChanges } from '../http/public-changes.ts';
import { setOutboxSource } from '../node/metrics.ts';
import { startEmailWorker } from './email-worker.ts';
import { startRetentionJob } from './retention-job.ts';
import { startScheduler } from './scheduler.ts';
import { exitGracefullyOnSignals } from './shutdown.ts';

/** What is running, for the shutdown: filled in as each part starts. */
const running: {
  handle?: DbHandle;
  worker?: OutboxWorker;
  jobs: (() => void)[];
  metrics?: Promise<MetricsServer | undefined>;
} = { jobs: [] };

let starting: Promise<void> | undefined;

/**
 * Stored TOTP keys sealed under the app secret itself are sealed again under their derived key, and
 * old bare-SHA-256 recovery codes withdrawn (decision 0104). A failure is logged, not fatal: sign-in
 * still reads the old keys (and seals each again), and the next start tries again.
 */
async function moveToDerivedKeys(db: Db): Promise<void> {
  try {
    const moved = await migrateToDerivedKeys(db, { appSecret: getAppSecret(), baseUrl: publicBaseUrl() });
    if (Object.values(moved).some((n) => n > 0))
      log.info('Keys: stored secrets moved to derived keys', { ...moved });
    if (moved.totpKeysUnreadable > 0)
      log.warn('Keys: TOTP keys that do not open under this APP_SECRET', { count: moved.totpKeysUnreadable });
  } catch (error) {
    log.error('Keys: could not move stored secrets to derived keys', describeError(error));
  }
}

async function start(): Promise<void> {
  const handle = await getDbHandle();
  running.handle = handle;
  // Before anything runs: published demo credentials are never served beyond this computer.
  // Judged by the address the server really listens on (HOST unset means every interface); under
  // `astro dev` nothing reports it within the wait, and HOST decides.
  await assertNoExposedDemoStaff(handle.db, process.env, await boundAddress(import.meta.env.DEV ? 0 : 5000));
  // A SIGTERM during the start (the shutdown closes the database): start nothing more.
  if (isShuttingDown()) return;
  await moveToDerivedKeys(handle.db);
  if (isShuttingDown()) return;
  setReadinessProbe(databaseProbe(handle.db, bundledMigrationAt(), log));
  setOutboxSource(() => outboxFigures(handle.db));
  // Other processes' staff writes purge this process's page cache (PostgreSQL).
  await followPublicChanges(handle).catch((error: unknown) => {
    pageCache.turnOff();
    log.error('Could not follow public content changes: the page cache is off', describeError(error));
  });
  if (isShuttingDown()) return;
  running.worker = await startEmailWorker(handle);
  if (isShuttingDown()) {
    await running.worker?.stop();
    return;
  }
  running.jobs.push(startRetentionJob(handle.db), startScheduler(handle.db));
}

/** The metrics endpoint, once per process, when METRICS_PORT is set. */
function startMetrics(): Promise<MetricsServer | undefined> {
  const address = metricsAddress({ METRICS_PORT, METRICS_HOST });
  if (!address) return Promise.resolve(undefined);
  return startMetricsServer(address, log).catch((error: unknown) => {
    log.error('Could not serve the metrics', { port: address.port, ...describeError(error) });
    return undefined;
  });
}

/** Starts the runtime once; a failed start (the database would not open) is tried again next call. */
export function startServerRuntime(): Promise<void> {
  if (!running.metrics) {
    running.metrics = startMetrics();
    exitGracefullyOnSignals(() => ({
      server: listeningServer(),
      logger: log,
      stopJobs: () => {
        for (const stop of running.jobs) stop();
      },
      stopWorker: (graceMs) => running.worker?.stop({ graceMs }) ?? Promise.resolve(),
      close: async () => {
        log.info('Page cache', { ...pageCache.snapshot() });
        await (await running.metrics)?.close();
        await running.handle?.close();
      },
    }));
  }
  starting ??= start().catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
}
