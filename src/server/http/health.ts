// Health endpoints, answered by the Node adapter's server before the page cache and Astro
// (decision 0111): `/health/live` says the process answers; `/health/ready` that it should be sent
// traffic — the database answers `select 1` within a second and holds every migration this build
// carries, and the process is not shutting down. Both are JSON `{"status":"ok"}` or
// `{"status":"unavailable"}`, `no-store`, never cached or rate limited. The reason a check failed is
// logged (when it changes), never sent: the answer tells a caller nothing beyond ok or not.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { migrationStatus } from '../../../db/migration-status.ts';
import type { Logger } from '../node/logger.ts';
import { SECURITY_HEADERS } from './http-headers.ts';

/** Resolves to null when ready, or the reason (for the log) when not. */
export type ReadinessProbe = () => Promise<string | null>;

export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';

let probe: ReadinessProbe | undefined;
let stopping = false;
let checking: Promise<string | null> | undefined;
let lastResult: { at: number; reason: string | null } | undefined;

/** The runtime, once the database is open: readiness follows `check` from then on. */
export function setReadinessProbe(check: ReadinessProbe | undefined): void {
  probe = check;
  lastResult = undefined;
}

/** Graceful shutdown: not ready from now on, whatever the database says. */
export function markShuttingDown(): void {
  stopping = true;
}

export function isShuttingDown(): boolean {
  return stopping;
}

/**
 * Back to the state of a process that has just started (no probe, not stopping, nothing cached).
 * For tests: the unit files share their modules, so one that marks a shutdown must not leave the
 * next test, or the next file, with a process that will never be ready.
 */
export function resetHealthState(): void {
  probe = undefined;
  stopping = false;
  checking = undefined;
  lastResult = undefined;
}

/** Rejects after `ms` with `reason`: a hung connection must not hang the probe. */
function within<T>(ms: number, work: Promise<T>, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(reason)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The database half of readiness: `select 1`, then the latest applied migration against the build's
 * (`bundledAt`, from db/migrations/meta/_journal.json). Logs the reason each time it changes.
 */
export function databaseProbe(db: Db, bundledAt: number, logger: Logger, timeoutMs = 1_000): ReadinessProbe {
  let lastReason: string | null = null;
  return async () => {
    let reason: string | null = null;
    try {
      await within(
        timeoutMs,
        db.execute(sql`select 1`),
        `the database did not answer within ${timeoutMs} ms`,
      );
      const status = await within(
        timeoutMs,
        migrationStatus(db, bundledAt),
        'the migrations check timed out',
      );
      if (status.behind)
        reason = `migrations behind: applied ${status.applied}, this build has ${status.bundled}`;
    } catch (error) {
      reason = error instanceof Error ? `database: ${error.message.split('\n')[0]}` : 'database unreachable';
    }
    if (reason !== lastReason) {
      if (reason) logger.warn('Not ready', { reason });
      else logger.info('Ready');
      lastReason = reason;
    }
    return reason;
  };
}

/** Readiness now; a check in flight is shared, and a result is reused for 500 ms. */
export async function readiness(now = Date.now()): Promise<boolean> {
  if (stopping) return false;
  if (!probe) return false;
  if (lastResult && now - lastResult.at < 500) return lastResult.reason === null;
  const current = probe;
  checking ??= current()
    .catch((error: unknown) => (error instanceof Error ? error.message : 'readiness check failed'))
    .finally(() => {
      checking = undefined;
    });
  const reason = await checking;
  if (probe === current) lastResult = { at: Date.now(), reason };
  return reason === null && !stopping;
}

function send(req: IncomingMessage, res: ServerResponse, ok: boolean): void {
  const body = JSON.stringify({ status: ok ? 'ok' : 'unavailable' });
  res.writeHead(ok ? 200 : 503, {
    ...SECURITY_HEADERS,
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Node adapter hook: answers the two health paths (GET or HEAD, any query); false for anything else. */
export function serveHealth(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path !== LIVE_PATH && path !== READY_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }
  if (path === LIVE_PATH) {
    send(req, res, true);
    return true;
  }
  readiness().then(
    (ok) => send(req, res, ok),
    () => send(req, res, false),
  );
  return true;
}
