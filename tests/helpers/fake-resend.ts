// A fake Resend API on 127.0.0.1 for tests and the benchmark: POST /emails and /emails/batch, with
// Resend's idempotency rules (same key + same body: the first answer again, nothing sent; same key +
// another body: 409) and a per-second rate limit with
// Resend's headers. It can answer normally, 500, drop the connection, hang, or accept and then hang
// (the request is processed but the answer never arrives: a crash between send and commit, seen from
// the worker). It counts every request and every message actually "delivered".
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeMode = 'ok' | 'error500' | 'reset' | 'hang' | 'accept-then-hang';

export interface FakeRequest {
  path: string;
  idempotencyKey?: string;
  status: number | 'hung' | 'reset';
  messages: number;
  /** The fake clock's time when it arrived (ms). */
  at: number;
}

export interface Delivery {
  /** The provider id handed back. */
  id: string;
  to: string;
  subject: string;
  /** The outbox id (X-Entity-Ref-ID header). */
  outboxId?: string;
  headers: Record<string, string>;
  html: string;
  text: string;
}

export interface FakeResendOptions {
  /** Requests allowed per rolling second; more get 429 (default: no limit). */
  ratePerSecond?: number;
  /** The clock for the rate limit (default Date.now): tests pass their virtual clock. */
  now?: () => number;
  apiKey?: string;
  /** Send ratelimit-* headers on every answer (default true), as Resend does. */
  rateLimitHeaders?: boolean;
  /** Retry-After on a 429 (default: until the oldest request in the window leaves it). */
  retryAfterSeconds?: number;
  /** Addresses refused one by one (a validation error per message in a permissive batch). */
  refuse?: (to: string) => boolean;
  /** Keep html/text of deliveries (default true; the benchmark turns it off to save memory). */
  keepBodies?: boolean;
}

export interface FakeResend {
  url: string;
  mode: FakeMode;
  /** Every request, in arrival order (bodies are kept only as deliveries). */
  requests: FakeRequest[];
  deliveries: Delivery[];
  /** Called when a request arrives, before it is answered. */
  onRequest?: (request: FakeRequest) => void;
  /** Deliveries per outbox id. */
  deliveryCounts(): Map<string, number>;
  close(): Promise<void>;
}

interface Stored {
  bodyHash: string;
  status: number;
  body: string;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const problem = (statusCode: number, name: string, message: string) => ({ statusCode, name, message });

type EmailBody = {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  headers?: Record<string, unknown>;
};

function invalid(email: EmailBody, refuse?: (to: string) => boolean): string | null {
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (refuse && to.some((t) => typeof t === 'string' && refuse(t))) return 'The `to` address is not allowed.';
  if (typeof email.from !== 'string' || !email.from) return 'The `from` field is missing.';
  if (to.length === 0 || to.some((t) => typeof t !== 'string' || !/^[^\s@<>]+@[^\s@<>]+$/.test(t))) {
    return 'Invalid `to` field.';
  }
  if (typeof email.subject !== 'string' || /[\r\n]/.test(email.subject)) return 'Invalid `subject` field.';
  for (const [name, value] of Object.entries(email.headers ?? {})) {
    if (/[\r\n:]/.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) return 'Invalid header.';
  }
  return null;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? 're_test_key';
  const keepBodies = options.keepBodies ?? true;
  const sendRateHeaders = options.rateLimitHeaders ?? true;
  const stored = new Map<string, Stored>();
  const recent: number[] = [];
  const sockets = new Set<Socket>();

  const fake: FakeResend = {
    url: '',
    mode: 'ok',
    requests: [],
    deliveries: [],
    deliveryCounts() {
      const counts = new Map<string, number>();
      for (const d of fake.deliveries)
        if (d.outboxId) counts.set(d.outboxId, (counts.get(d.outboxId) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  /** Processes a valid request: deliveries and the answer body. */
  function accept(path: string, body: unknown, permissive: boolean): { status: number; body: unknown } {
    const emails = (path === '/emails' ? [body] : body) as EmailBody[];
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) {
      return { status: 422, body: problem(422, 'validation_error', 'A batch holds 1 to 100 emails.') };
    }
    const problems = emails.map((e) => invalid(e, options.refuse));
    if (!permissive && problems.some(Boolean)) {
      return { status: 422, body: problem(422, 'validation_error', problems.find(Boolean) as string) };
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    emails.forEach((email, index) => {
      const error = problems[index];
      if (error) {
        errors.push({ index, message: error });
        return;
      }
      const id = randomUUID();
      const headers = Object.fromEntries(
        Object.entries(email.headers ?? {}).map(([k, v]) => [k, String(v)]),
      ) as Record<string, string>;
      fake.deliveries.push({
        id,
        to: (Array.isArray(email.to) ? email.to[0] : email.to) as string,
        subject: email.subject as string,
        outboxId: headers['X-Entity-Ref-ID'],
        headers,
        html: keepBodies ? String(email.html ?? '') : '',
        text: keepBodies ? String(email.text ?? '') : '',
      });
      data.push({ id });
    });
    if (path === '/emails') return { status: 200, body: data[0] };
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = now(); // as a provider counts: when the request starts, not when its body is read
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] as string;
    if (req.method === 'GET' && path === '/_fake/stats') {
      // For a fake running in another process (the benchmark): what it saw, without the bodies.
      const counts = fake.deliveryCounts();
      return json(res, 200, {
        requests: fake.requests,
        deliveries: fake.deliveries.length,
        uniqueOutboxIds: counts.size,
        duplicates: [...counts.values()].filter((n) => n > 1).length,
      });
    }
    const key = req.headers['idempotency-key'] as string | undefined;
    const record: FakeRequest = { path, idempotencyKey: key, status: 0, messages: 0, at: arrived };
    fake.requests.push(record);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
      record.messages = Array.isArray(parsed) ? parsed.length : 1;
    } catch {
      parsed = undefined;
    }
    fake.onRequest?.(record);

    if (req.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      record.status = 404;
      return json(res, 404, problem(404, 'not_found', 'Not found'));
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      record.status = 401;
      return json(res, 401, problem(401, 'invalid_api_key', 'API key is invalid'));
    }

    // Rate limit over a rolling second, counted on every request as Resend does.
    const t = arrived;
    while (recent.length > 0 && (recent[0] as number) <= t - 1000) recent.shift();
    const limit = options.ratePerSecond;
    if (limit !== undefined && recent.length >= limit) {
      const retryAfter =
        options.retryAfterSeconds ?? Math.max(1, Math.ceil(((recent[0] as number) + 1000 - t) / 1000));
      record.status = 429;
      return json(res, 429, problem(429, 'rate_limit_exceeded', 'Too many requests.'), {
        ...(sendRateHeaders
          ? {
              'ratelimit-limit': String(limit),
              'ratelimit-remaining': '0',
              'ratelimit-reset': String(retryAfter),
            }
          : {}),
        'retry-after': String(retryAfter),
      });
    }
    recent.push(t);
    const rateHeaders: Record<string, string> =
      limit === undefined || !sendRateHeaders
        ? {}
        : {
            'ratelimit-limit': String(limit),
            'ratelimit-remaining': String(Math.max(0, limit - recent.length)),
            'ratelimit-reset': '1',
          };

    if (fake.mode === 'error500') {
      record.status = 500;
      return json(res, 500, problem(500, 'internal_server_error', 'Unexpected error.'));
    }
    if (fake.mode === 'reset') {
      record.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fake.mode === 'hang') {
      record.status = 'hung';
      return; // never answered; closed by the client's timeout or by close()
    }
    if (parsed === undefined) {
      record.status = 400;
      return json(res, 400, problem(400, 'validation_error', 'Invalid JSON.'));
    }

    const bodyHash = createHash('sha256').update(raw).digest('hex');
    if (key) {
      const previous = stored.get(key);
      if (previous) {
        if (previous.bodyHash !== bodyHash) {
          record.status = 409;
          return json(
            res,
            409,
            problem(409, 'invalid_idempotent_request', 'Same idempotency key used with a different payload.'),
          );
        }
        record.status = previous.status;
        res.writeHead(previous.status, { 'Content-Type': 'application/json', ...rateHeaders });
        return void res.end(previous.body);
      }
    }
    const permissive = req.headers['x-batch-validation'] === 'permissive';
    const answer = accept(path, parsed, permissive);
    if (key && answer.status === 200) {
      stored.set(key, { bodyHash, status: answer.status, body: JSON.stringify(answer.body) });
    }
    if (fake.mode === 'accept-then-hang') {
      record.status = 'hung';
      return;
    }
    record.status = answer.status;
    json(res, answer.status, answer.body, rateHeaders);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, problem(500, 'internal_server_error', String(error)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
