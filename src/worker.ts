// `npm run worker`: the email outbox worker as a process of its own, for PostgreSQL deployments that
// set EMAIL_WORKER=off on the web servers (or want more than one worker). Runs under plain Node
// (`node --experimental-strip-types`): reads process.env, imports nothing from astro:*.
// With the embedded PGlite only the server process may open the data directory, so this refuses.
import { createDb } from '../db/client.ts';
import { outboxFigures } from './features/email/outbox-figures.server.ts';
import { createOutboxWorker, listenForQueuedEmail } from './features/email/outbox-worker.ts';
import { metricsAddress, startMetricsServer } from './server/http/metrics-server.ts';
import { resolveAppSecret } from './server/node/app-secret.ts';
import { createTransport, readEmailConfig } from './server/node/email-transport.ts';
import { createLogger, describeError, logLevelFromEnv } from './server/node/logger.ts';
import { setOutboxSource } from './server/node/metrics.ts';

/** A request in flight at SIGTERM gets this long before it is abandoned (recorded as failed). */
const STOP_GRACE_MS = 6_000;
/** Whatever happens, the process is gone by then. */
const STOP_DEADLINE_MS = 9_500;

const logger = createLogger(logLevelFromEnv(process.env.LOG_LEVEL));

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.error(
      'npm run worker needs DATABASE_URL (PostgreSQL). With the embedded database (PGlite) only the ' +
        'server process may open the data directory, and the server already runs the email worker.',
    );
    process.exit(1);
  }
  const config = readEmailConfig(process.env);
  // Opens the links sealed in the outbox; required with PostgreSQL (fails here, before connecting).
  const appSecret = resolveAppSecret(process.env);
  const metricsAt = metricsAddress(process.env);
  const handle = await createDb({ url: process.env.DATABASE_URL, maxConnections: 2 });
  const worker = createOutboxWorker({
    db: handle.db,
    doorbell: await listenForQueuedEmail(handle, logger),
    transport: createTransport(config),
    logger,
    appSecret,
    ratePerSecond: config.ratePerSecond,
    leaseMs: config.leaseMs,
    requestTimeoutMs: config.requestTimeoutMs,
    logLocalDeliveries: !config.production,
  });
  setOutboxSource(() => outboxFigures(handle.db));
  const metrics = metricsAt ? await startMetricsServer(metricsAt, logger) : undefined;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('Email worker stopping', { signal });
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    // Let the request in flight finish and be recorded (or abandon it after the grace: recorded as
    // failed, its rows released), then close the pool.
    void worker
      .stop({ graceMs: STOP_GRACE_MS })
      .then(() => metrics?.close())
      .then(() => handle.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('Email worker did not stop cleanly', describeError(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  worker.start();
}

main().catch((error: unknown) => {
  // The message only: a stack trace or connection string helps nobody running a script.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
