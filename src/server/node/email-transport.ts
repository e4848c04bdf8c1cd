// The only module that knows Resend. It turns outbox rows into provider requests and provider answers
// into outcomes the worker understands, reads the email configuration, and verifies webhook
// signatures. Without RESEND_API_KEY a local transport "delivers" into the local mailbox (the outbox
// rows themselves, provider 'local') so the same claim/lease/retry path runs offline.
// No astro:* imports: `npm run worker` runs this under plain Node.
import { randomUUID } from 'node:crypto';
import { Resend } from 'resend';

/** One outbox row as the provider sees it. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export type ItemOutcome = { ok: true; providerMessageId: string } | { ok: false; error: string };

/** What became of one provider request. */
export type SendOutcome =
  /** Processed: one outcome per message, in order (a message can be refused on its own). */
  | { kind: 'accepted'; items: ItemOutcome[]; providerLimit?: number }
  /** 429: nothing was sent; wait before the next request. */
  | { kind: 'rate-limited'; retryAfterMs: number; error: string; providerLimit?: number }
  /** Refused for good (400/422): retrying the same request cannot succeed. */
  | { kind: 'rejected'; error: string }
  /** Failed or unknown (5xx, timeout, network): retry the same request with the same key. */
  | { kind: 'failed'; error: string; providerLimit?: number };

export interface SendOptions {
  /** Sent as Idempotency-Key: the provider answers a repeat without sending again (24 hours). */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export interface EmailTransport {
  readonly provider: 'resend' | 'local';
  /** Most messages one request may carry (Resend's batch endpoint: 100). */
  readonly maxBatchSize: number;
  send(messages: OutgoingEmail[], options: SendOptions): Promise<SendOutcome>;
}

// ---------------------------------------------------------------------------------------------------
// Configuration

export interface EmailConfig {
  production: boolean;
  /** Unset: the local mailbox. */
  resendApiKey?: string;
  /** Tests only: a fake Resend server. */
  resendBaseUrl?: string;
  from: string;
  webhookSecret?: string;
  /** Requests per second to the provider, per worker process. */
  ratePerSecond: number;
  /** Run the worker inside the server process. */
  workerInServer: boolean;
  /** How long a worker holds the messages it claimed before another may take them over. */
  leaseMs: number;
  /** A provider request abandoned after this long (shorter than the lease). */
  requestTimeoutMs: number;
}

export const DEFAULT_FROM = 'Central North Community Safety <no-reply@localhost>';
export const DEFAULT_RATE_PER_SECOND = 2;
export const DEFAULT_LEASE_SECONDS = 120;

export class EmailConfigError extends Error {
  constructor(problems: string[]) {
    super(`Email configuration: ${problems.join(' ')}`);
    this.name = 'EmailConfigError';
  }
}

const CONTROL = /\p{Cc}/u;
const FROM = /^(?:[^<>@]+ <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/**
 * Reads the email variables (RESEND_API_KEY, RESEND_BASE_URL, EMAIL_FROM, RESEND_WEBHOOK_SECRET,
 * EMAIL_RATE_LIMIT_PER_SECOND, EMAIL_WORKER, EMAIL_LEASE_SECONDS, NODE_ENV). Throws on a bad value, and in production
 * (NODE_ENV=production) on a missing API key, sender or webhook secret.
 */
export function readEmailConfig(env: Record<string, string | undefined>): EmailConfig {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const production = value('NODE_ENV') === 'production';
  const problems: string[] = [];

  const from = value('EMAIL_FROM') ?? (production ? undefined : DEFAULT_FROM);
  if (!from) problems.push('EMAIL_FROM is required in production.');
  else if (CONTROL.test(from) || !FROM.test(from)) {
    problems.push('EMAIL_FROM must be "Name <address@domain>" or "address@domain".');
  }
  if (production && !value('RESEND_API_KEY')) problems.push('RESEND_API_KEY is required in production.');
  if (production && !value('RESEND_WEBHOOK_SECRET')) {
    problems.push('RESEND_WEBHOOK_SECRET is required in production.');
  }
  const rateText = value('EMAIL_RATE_LIMIT_PER_SECOND');
  const ratePerSecond = rateText === undefined ? DEFAULT_RATE_PER_SECOND : Number(rateText);
  if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0 && ratePerSecond <= 1000)) {
    problems.push('EMAIL_RATE_LIMIT_PER_SECOND must be a number above 0 and at most 1000.');
  }
  const worker = value('EMAIL_WORKER') ?? 'on';
  if (worker !== 'on' && worker !== 'off') problems.push('EMAIL_WORKER must be "on" or "off".');
  const leaseText = value('EMAIL_LEASE_SECONDS');
  const leaseSeconds = leaseText === undefined ? DEFAULT_LEASE_SECONDS : Number(leaseText);
  if (!(Number.isInteger(leaseSeconds) && leaseSeconds >= 4 && leaseSeconds <= 3600)) {
    problems.push('EMAIL_LEASE_SECONDS must be a whole number from 4 to 3600.');
  }
  const baseUrl = value('RESEND_BASE_URL');
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) problems.push('RESEND_BASE_URL must be a URL.');
  if (problems.length > 0) throw new EmailConfigError(problems);

  return {
    production,
    resendApiKey: value('RESEND_API_KEY'),
    resendBaseUrl: baseUrl?.replace(/\/+$/, ''),
    from: from as string,
    webhookSecret: value('RESEND_WEBHOOK_SECRET'),
    ratePerSecond,
    workerInServer: worker === 'on',
    leaseMs: leaseSeconds * 1000,
    // Half the lease at most: the outcome is recorded while the lease still holds.
    requestTimeoutMs: Math.min(20_000, (leaseSeconds * 1000) / 2),
  };
}

/** Resend with an API key; otherwise the local mailbox. */
export function createTransport(config: EmailConfig): EmailTransport {
  if (config.resendApiKey) {
    return createResendTransport({
      apiKey: config.resendApiKey,
      baseUrl: config.resendBaseUrl,
      from: config.from,
    });
  }
  return createLocalTransport();
}

// ---------------------------------------------------------------------------------------------------
// Transports

/** Delivers nothing: the outbox row, marked sent with provider 'local', is the mailbox entry. */
export function createLocalTransport(): EmailTransport {
  return {
    provider: 'local',
    maxBatchSize: 100,
    send: async (messages) => ({
      kind: 'accepted',
      items: messages.map(() => ({ ok: true, providerMessageId: `local-${randomUUID()}` })),
    }),
  };
}

export interface ResendTransportOptions {
  apiKey: string;
  /** Default: RESEND_BASE_URL or https://api.resend.com (the SDK's own rule). */
  baseUrl?: string;
  from: string;
}

type HeaderMap = Record<string, string> | null;

/**
 * One message: POST /emails. Several: POST /emails/batch in permissive mode, so one refused address
 * does not hold back the rest. Either way the idempotency key makes a repeat harmless.
 */
export function createResendTransport(options: ResendTransportOptions): EmailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const payload = (m: OutgoingEmail) => ({
    from: options.from,
    to: [m.to],
    subject: m.subject,
    html: m.html,
    text: m.text,
    // X-Entity-Ref-ID: the outbox id; it also stops Gmail threading unrelated messages together.
    headers: { ...m.headers, 'X-Entity-Ref-ID': m.id },
  });

  return {
    provider: 'resend',
    maxBatchSize: 100,
    async send(messages, { idempotencyKey, signal }) {
      if (messages.length === 0) return { kind: 'accepted', items: [] };
      if (messages.length > 100) throw new RangeError('Resend takes at most 100 messages per request');
      try {
        if (messages.length === 1) {
          const result = await resend.emails.send(payload(messages[0] as OutgoingEmail), {
            idempotencyKey,
            signal,
          });
          if (result.error) return failure(result.error, result.headers);
          return {
            kind: 'accepted',
            items: [{ ok: true, providerMessageId: result.data.id }],
            providerLimit: providerLimit(result.headers),
          };
        }
        const result = await resend.batch.send(messages.map(payload), {
          idempotencyKey,
          batchValidation: 'permissive',
          signal,
        });
        if (result.error) return failure(result.error, result.headers);
        const items = batchItems(messages.length, result.data.data, result.data.errors ?? []);
        if (!items) return { kind: 'failed', error: 'Resend answered the batch with an unexpected shape' };
        return { kind: 'accepted', items, providerLimit: providerLimit(result.headers) };
      } catch (error) {
        // The SDK reports HTTP and network errors as values; anything thrown is unexpected.
        return { kind: 'failed', error: `Resend request failed: ${(error as Error).message}` };
      }
    },
  };
}

/** Matches a permissive batch answer to the request: `data` lists the accepted, `errors` the rest. */
export function batchItems(
  count: number,
  data: { id: string }[],
  errors: { index: number; message: string }[],
): ItemOutcome[] | null {
  if (data.length + errors.length !== count) return null;
  const refused = new Map(errors.map((e) => [e.index, e.message]));
  if (refused.size !== errors.length) return null;
  const accepted = data[Symbol.iterator]();
  const items: ItemOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const message = refused.get(i);
    if (message !== undefined) {
      items.push({ ok: false, error: `Refused by Resend: ${message}` });
      continue;
    }
    const next = accepted.next();
    if (next.done || typeof next.value.id !== 'string') return null;
    items.push({ ok: true, providerMessageId: next.value.id });
  }
  return items;
}

function failure(
  error: { message: string; statusCode: number | null; name: string },
  headers: HeaderMap,
): SendOutcome {
  const status = error.statusCode;
  const text = `Resend ${status ?? 'network error'} ${error.name}: ${error.message}`.slice(0, 500);
  if (status === 429) {
    return {
      kind: 'rate-limited',
      retryAfterMs: retryAfterMs(headers),
      error: text,
      providerLimit: providerLimit(headers),
    };
  }
  // 400/422: the request itself is wrong and stays wrong. 401/403 and a bad sender are configuration
  // problems that an operator fixes, so those are retried like outages.
  if ((status === 400 || status === 422) && error.name !== 'invalid_from_address') {
    return { kind: 'rejected', error: text };
  }
  return { kind: 'failed', error: text, providerLimit: providerLimit(headers) };
}

/** Seconds or an HTTP date in Retry-After (else ratelimit-reset), in ms; 1 s when absent. */
export function retryAfterMs(headers: HeaderMap, now: number = Date.now()): number {
  const raw = headers?.['retry-after'] ?? headers?.['ratelimit-reset'];
  if (raw) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return 1000;
}

/**
 * The provider's advertised limit (ratelimit-limit, requests per second at Resend), if any. The
 * worker slows its pacer to it when configured faster. ratelimit-remaining/-reset are not used to
 * pause: they come in whole seconds, and a pacer already spacing requests at the limit would lose a
 * third of its throughput waiting for a reset it does not need; a 429's Retry-After is obeyed instead.
 */
export function providerLimit(headers: HeaderMap): number | undefined {
  const limit = Number(headers?.['ratelimit-limit']);
  return Number.isFinite(limit) && limit > 0 ? limit : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Webhooks

/** The parts of a Resend webhook event the portal records. */
export interface WebhookEvent {
  /** svix-id: unique per event, repeated when Resend redelivers it. */
  id: string;
  type: string;
  providerMessageId?: string;
  recipients: string[];
  /** email.bounced only: "Permanent", "Transient" or "Undetermined". */
  bounceType?: string;
  occurredAt?: Date;
}

let verifier: Resend | undefined;

/**
 * Checks a webhook request's Svix signature (HMAC-SHA256 over id.timestamp.body, constant-time
 * comparison, timestamps more than 5 minutes off refused) with the SDK's verifier, then reads the
 * event. Returns null for anything that does not verify.
 */
export function verifyWebhook(
  rawBody: string,
  headers: HeaderMap | Headers,
  secret: string,
): WebhookEvent | null {
  const get = (name: string): string | undefined =>
    (headers instanceof Headers ? headers.get(name) : headers?.[name]) ?? undefined;
  const id = get('svix-id') ?? get('webhook-id');
  const timestamp = get('svix-timestamp') ?? get('webhook-timestamp');
  const signature = get('svix-signature') ?? get('webhook-signature');
  if (!id || !timestamp || !signature) return null;
  // The verifier needs no API key; the SDK's constructor insists on one, so give it a placeholder.
  verifier ??= new Resend('re_webhook_verification_only');
  let payload: unknown;
  try {
    payload = verifier.webhooks.verify({
      payload: rawBody,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    });
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const event = payload as { type?: unknown; created_at?: unknown; data?: Record<string, unknown> };
  const data = event.data ?? {};
  const to = data.to;
  const bounce = data.bounce as { type?: unknown } | undefined;
  const occurred = typeof event.created_at === 'string' ? new Date(event.created_at) : undefined;
  return {
    id,
    type: typeof event.type === 'string' ? event.type : '',
    providerMessageId: typeof data.email_id === 'string' ? data.email_id : undefined,
    recipients: (Array.isArray(to) ? to : [to]).filter((v): v is string => typeof v === 'string'),
    bounceType: typeof bounce?.type === 'string' ? bounce.type : undefined,
    occurredAt: occurred && !Number.isNaN(occurred.getTime()) ? occurred : undefined,
  };
}
