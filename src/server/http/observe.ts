// The first thing the Node adapter's server does with a request (wired by the build's patch,
// src/server/build/node-adapter-patch.mjs): gives it a request id — the proxy's `X-Request-Id` when
// it is a plain short token, else a new one — sent back in the response and written in every log line
// the request causes; counts it and times it by route kind for the metrics; and keeps the count of
// requests in flight that a graceful shutdown waits for. While shutting down, every response closes
// its connection, so the proxy opens new ones to the other instances.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger, logLevelFromEnv } from '../node/logger.ts';
import { httpDuration, httpRequests, pageCacheLookups, type RouteKind } from '../node/metrics.ts';
import { requestIdFrom, withRequestContext } from '../node/request-context.ts';
import { isShuttingDown, LIVE_PATH, READY_PATH } from './health.ts';

const log = createLogger(logLevelFromEnv(process.env.LOG_LEVEL));

let inFlight = 0;
let waiting: (() => void)[] = [];

/** Requests being handled now. */
export function requestsInFlight(): number {
  return inFlight;
}

/** Resolves when no request is in flight (at once if none is). */
export function whenDrained(): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    waiting.push(resolve);
  });
}

/** A small fixed set, whatever the URL: metrics labels must stay bounded. */
export function routeKind(method: string, url: string, xCache: unknown): RouteKind {
  if (xCache === 'hit') return 'cache_hit';
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  if (path === LIVE_PATH || path === READY_PATH) return 'health';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/_actions/') || (method === 'POST' && !path.startsWith('/api/'))) return 'form_action';
  if (path === '/staff' || path.startsWith('/staff/')) return 'staff_page';
  if (path.startsWith('/_astro/') || /\/[^/]+\.[a-z0-9]+$/i.test(path)) return 'static';
  return 'content_page';
}

function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** Node adapter hook: runs `handle` as this request, observed. */
export function observeRequest(req: IncomingMessage, res: ServerResponse, handle: () => void): void {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  const started = process.hrtime.bigint();
  inFlight += 1;
  res.setHeader('X-Request-Id', requestId);
  if (isShuttingDown()) res.setHeader('Connection', 'close');
  res.once('close', () => {
    inFlight -= 1;
    if (inFlight === 0) {
      for (const resolve of waiting) resolve();
      waiting = [];
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const xCache = res.getHeader('x-cache');
    const kind = routeKind(req.method ?? '', req.url ?? '', xCache);
    httpRequests.inc({ kind, status: statusClass(res.statusCode) });
    httpDuration.observe({ kind }, seconds);
    if (xCache === 'hit' || xCache === 'miss') pageCacheLookups.inc({ result: xCache });
    // The path is not logged: some carry one-time tokens. nginx's access log has them, by this id.
    withRequestContext({ requestId }, () =>
      log.debug('Request', {
        method: req.method,
        kind,
        status: res.statusCode,
        ms: Math.round(seconds * 1000),
        finished: res.writableFinished,
      }),
    );
  });
  withRequestContext({ requestId }, handle);
}
