// Graceful shutdown of the server process on SIGTERM or SIGINT (decision 0112), within 10 s:
// 1. readiness answers 503 at once, and every response from now on closes its connection;
// 2. the HTTP server stops accepting (server.close) and idle keep-alive connections are closed,
//    again every 100 ms as requests in flight finish, until none is left;
// 3. meanwhile the jobs stop and the email worker stops claiming: its request in flight finishes and
//    is recorded, or is abandoned after WORKER_GRACE_MS and recorded as failed — no row stays leased;
// 4. the metrics server and the database close, and the process exits 0.
// Past DRAIN_DEADLINE_MS the remaining connections are cut; past HARD_DEADLINE_MS the process exits 1
// whatever is still running.
import type { Server } from 'node:http';
import { markShuttingDown } from '../http/health.ts';
import { requestsInFlight, whenDrained } from '../http/observe.ts';
import { describeError, type Logger } from '../node/logger.ts';

export const DRAIN_DEADLINE_MS = 7_000;
export const WORKER_GRACE_MS = 6_000;
export const HARD_DEADLINE_MS = 9_500;

export interface ShutdownParts {
  server: Server | undefined;
  logger: Logger;
  /** Stops timers (retention, scheduler): synchronous. */
  stopJobs(): void;
  /** Stops the email worker, abandoning its request after `graceMs`. */
  stopWorker(graceMs: number): Promise<void>;
  /** Closes what the requests no longer need: the metrics server, the database. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the server has closed and no request is in flight, or after `ms` (false). */
async function drain(server: Server | undefined, ms: number): Promise<boolean> {
  if (!server) return whenDrained().then(() => true);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Connections busy now become idle when their response ends: close those too, as they do.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    const done = Promise.all([closed, whenDrained()]).then(() => true);
    return await Promise.race([done, sleep(ms).then(() => false)]);
  } finally {
    clearInterval(sweep);
  }
}

/** Runs the shutdown; resolves to the exit code (0 clean, 1 when something had to be cut short). */
export async function shutDown(parts: ShutdownParts, signal: string): Promise<number> {
  const started = Date.now();
  const { logger, server } = parts;
  markShuttingDown();
  logger.info('Shutting down', { signal, inFlight: requestsInFlight() });
  let code = 0;
  parts.stopJobs();
  const worker = parts.stopWorker(WORKER_GRACE_MS).catch((error: unknown) => {
    code = 1;
    logger.error('Email worker did not stop cleanly', describeError(error));
  });
  if (!(await drain(server, DRAIN_DEADLINE_MS))) {
    code = 1;
    logger.warn('Requests still in flight at the deadline: closing their connections', {
      inFlight: requestsInFlight(),
    });
    server?.closeAllConnections();
  }
  await worker;
  await parts.close().catch((error: unknown) => {
    code = 1;
    logger.error('Could not close cleanly', describeError(error));
  });
  logger.info('Stopped', { signal, ms: Date.now() - started });
  return code;
}

/** Installs the handlers: the first SIGTERM or SIGINT shuts down, exiting by HARD_DEADLINE_MS. */
export function exitGracefullyOnSignals(parts: () => ShutdownParts): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    setTimeout(() => {
      parts().logger.error('Shutdown took too long: exiting', { signal });
      process.exit(1);
    }, HARD_DEADLINE_MS).unref();
    void shutDown(parts(), signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
