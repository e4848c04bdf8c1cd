// The email configuration and worker of the server process. The runtime (server.ts) starts the
// worker when it opens the database, unless EMAIL_WORKER=off (PostgreSQL deployments that run
// `npm run worker`).
import {
  EMAIL_FROM,
  EMAIL_LEASE_SECONDS,
  EMAIL_RATE_LIMIT_PER_SECOND,
  EMAIL_WORKER,
  getSecret,
  RESEND_API_KEY,
  RESEND_BASE_URL,
  RESEND_WEBHOOK_SECRET,
} from 'astro:env/server';
import type { DbHandle } from '../../../db/client.ts';
import {
  createOutboxWorker,
  listenForQueuedEmail,
  type OutboxWorker,
} from '../../features/email/outbox-worker.ts';
import { getAppSecret } from '../astro/config.ts';
import { log } from '../astro/log.ts';
import { createTransport, type EmailConfig, readEmailConfig } from '../node/email-transport.ts';

let config: EmailConfig | undefined;

/** The validated email configuration; throws EmailConfigError (in production: on a missing value). */
export function emailConfig(): EmailConfig {
  config ??= readEmailConfig({
    // Read at run time: NODE_ENV in the built code would be the build's.
    NODE_ENV: getSecret('NODE_ENV'),
    RESEND_API_KEY,
    RESEND_BASE_URL,
    EMAIL_FROM,
    RESEND_WEBHOOK_SECRET,
    EMAIL_RATE_LIMIT_PER_SECOND:
      EMAIL_RATE_LIMIT_PER_SECOND === undefined ? undefined : String(EMAIL_RATE_LIMIT_PER_SECOND),
    EMAIL_WORKER,
    EMAIL_LEASE_SECONDS: EMAIL_LEASE_SECONDS === undefined ? undefined : String(EMAIL_LEASE_SECONDS),
  });
  return config;
}

/** Starts the in-process worker on the database; undefined when EMAIL_WORKER=off. */
export async function startEmailWorker(handle: DbHandle): Promise<OutboxWorker | undefined> {
  const cfg = emailConfig();
  if (!cfg.workerInServer) {
    if (handle.kind === 'pglite') {
      // `npm run worker` cannot open the embedded database, so nothing would ever send.
      log.warn('EMAIL_WORKER=off with the embedded database: no process will send the queued email');
    } else {
      log.info('Email worker not started in the server (EMAIL_WORKER=off)');
    }
    return undefined;
  }
  const worker = createOutboxWorker({
    db: handle.db,
    doorbell: await listenForQueuedEmail(handle, log),
    transport: createTransport(cfg),
    logger: log,
    appSecret: getAppSecret(),
    ratePerSecond: cfg.ratePerSecond,
    leaseMs: cfg.leaseMs,
    requestTimeoutMs: cfg.requestTimeoutMs,
    logLocalDeliveries: !cfg.production,
  });
  worker.start();
  return worker;
}
