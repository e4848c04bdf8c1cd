// The process's Prometheus metrics (prom-client), on a registry of its own, served only on
// METRICS_PORT (src/server/http/metrics-server.ts; decision 0113). Labels come from small fixed sets,
// so the number of series stays bounded whatever the requests: never a path, an address or an id.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'cn_' });

/** What kind of request it was: the only request label besides the status class. */
export const ROUTE_KINDS = [
  'content_page',
  'cache_hit',
  'form_action',
  'staff_page',
  'api',
  'static',
  'health',
] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const httpRequests = new Counter({
  name: 'cn_http_requests_total',
  help: 'Requests answered, by route kind and status class (2xx, 3xx, 4xx, 5xx)',
  labelNames: ['kind', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'cn_http_request_duration_seconds',
  help: 'Time from the request reaching the server to the response finishing, by route kind',
  labelNames: ['kind'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const pageCacheLookups = new Counter({
  name: 'cn_page_cache_total',
  help: 'Public pages answered from the page cache (hit) or rendered and stored (miss)',
  labelNames: ['result'] as const,
  registers: [registry],
});

/** Why a sign-in step failed: the AuthError codes the steps throw, or `other`. */
const SIGN_IN_REASONS = new Set([
  'invalid_credentials',
  'locked',
  'throttled',
  'not_set_up',
  'invalid_code',
  'too_many_codes',
]);
export type SignInStep = 'password' | 'code' | 'recovery_code' | 'new_authenticator';

const signInFailures = new Counter({
  name: 'cn_sign_in_failures_total',
  help: 'Staff sign-in steps refused, by step and reason',
  labelNames: ['step', 'reason'] as const,
  registers: [registry],
});

export function countSignInFailure(step: SignInStep, reason: string): void {
  signInFailures.inc({ step, reason: SIGN_IN_REASONS.has(reason) ? reason : 'other' });
}

/** What the outbox gauges show, read from the database when scraped. */
export interface OutboxFigures {
  /** Messages not yet sent nor given up: queued, waiting for a retry, or being sent. */
  depth: number;
  /** Age of the oldest of those, in seconds (0 when there are none). */
  oldestAgeSeconds: number;
  /** Messages given up (dead), waiting for staff. */
  dead: number;
}

let outboxSource: (() => Promise<OutboxFigures>) | undefined;
let outboxRead: { at: number; figures: Promise<OutboxFigures> } | undefined;

/** The runtime gives the query once the database is open; until then the gauges are NaN. */
export function setOutboxSource(source: (() => Promise<OutboxFigures>) | undefined): void {
  outboxSource = source;
  outboxRead = undefined;
}

/** One query per scrape for the three gauges (reused for a second). */
function readOutbox(): Promise<OutboxFigures> | undefined {
  if (!outboxSource) return undefined;
  const now = Date.now();
  if (!outboxRead || now - outboxRead.at > 1_000) outboxRead = { at: now, figures: outboxSource() };
  return outboxRead.figures;
}

function outboxGauge(name: string, help: string, pick: (f: OutboxFigures) => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const figures = await readOutbox()?.catch(() => undefined);
      // Unknown (no database yet, or it did not answer) is NaN, never a reassuring 0.
      this.set(figures ? pick(figures) : Number.NaN);
    },
  });
}

outboxGauge('cn_email_outbox_depth', 'Emails queued, waiting for a retry or being sent', (f) => f.depth);
outboxGauge(
  'cn_email_outbox_oldest_age_seconds',
  'Age of the oldest email not yet sent nor given up',
  (f) => f.oldestAgeSeconds,
);
outboxGauge('cn_email_outbox_dead', 'Emails given up (dead), waiting for staff', (f) => f.dead);

/** The text a scrape gets. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}
