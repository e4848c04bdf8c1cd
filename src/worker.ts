// `npm run worker`: the email outbox worker as a process of its own, for PostgreSQL deployments that
// set EMAIL_WORKER=off on the web servers (or want more than one worker). Runs under plain Node
// (`node --experimental-strip-types`): reads process.env, imports nothing from astro:*.
// With the embedded PGlite only the server process may open the data directory, so this refuses.
import { createDb } from '../db/client.ts';
import { createOutboxWorker, listenForQueuedEmail } from './features/email/outbox-worker.ts';
import { resolveAppSecret } from './lib/server/app-secret.ts';
import { createTransport, readEmailConfig } from './lib/server/email.ts';
import { createLogger, describeError, type Level } from './lib/server/logger.ts';

const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];
const level = LEVELS.find((l) => l === process.env.LOG_LEVEL) ?? 'info';
const logger = createLogger(level);

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
  const handle = await createDb({ url: process.env.DATABASE_URL, maxConnections: 2 });
  const worker = createOutboxWorker({
    db: handle.db,
    doorbell: await listenForQueuedEmail(handle, logger),
    transport: createTransport(config),
    logger,
    appSecret,
    ratePerSecond: config.ratePerSecond,
    logLocalDeliveries: !config.production,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('Email worker stopping', { signal });
    // Let the request in flight finish and be recorded, then close the pool.
    void worker
      .stop()
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
