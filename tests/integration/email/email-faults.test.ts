// Fault tests of the email path: the real Resend SDK pointed at a fake Resend server on 127.0.0.1,
// the worker on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL), in virtual time.
// Each test counts at both ends: requests and deliveries at the fake server, rows in the outbox.
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect } from 'vitest';
import { createDb, type Db, type DbHandle } from '../../../db/client.ts';
import { emailOutbox } from '../../../db/schema/index.ts';
import { listDeadEmails, retryDeadEmail } from '../../../src/features/email/back-office.server.ts';
import { GIVE_UP_AFTER_MS } from '../../../src/features/email/email.ts';
import { enqueueEmail, enqueueEmails } from '../../../src/features/email/outbox.server.ts';
import { createOutboxWorker, type OutboxWorkerOptions } from '../../../src/features/email/outbox-worker.ts';
import { createResendTransport } from '../../../src/server/node/email-transport.ts';
import { silentLogger } from '../../../src/server/node/logger.ts';
import { drain, message, statusCounts, type VirtualClock, virtualClock } from '../../helpers/email.ts';
import { type FakeResend, type FakeResendOptions, startFakeResend } from '../../helpers/fake-resend.ts';
import { test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

let fake: FakeResend | undefined;
test.beforeEach(async ({ db }) => {
  await db.execute(sql`truncate email_events, email_suppressions, email_outbox`);
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(clock: VirtualClock, fakeOptions: FakeResendOptions = {}): Promise<FakeResend> {
  fake = await startFakeResend({ now: clock.ms, ...fakeOptions });
  return fake;
}

function worker(
  db: Db,
  clock: VirtualClock,
  server: FakeResend,
  options: Partial<OutboxWorkerOptions> & { db?: Db } = {},
) {
  return createOutboxWorker({
    db: db,
    appSecret: TEST_SECRET,
    transport: createResendTransport({
      apiKey: 're_test_key',
      baseUrl: server.url,
      from: 'Test <test@example.com>',
    }),
    logger: silentLogger,
    now: clock.now,
    sleep: clock.sleep,
    // Real time: generous, so a busy machine does not turn a slow answer into a retry. The tests of
    // hanging requests pass a short one.
    requestTimeoutMs: 5_000,
    ...options,
  });
}

/** Every outbox row sent, each delivered exactly once, and the provider ids match. */
async function expectDeliveredOnce(db: Db, server: FakeResend, count: number): Promise<void> {
  expect(await statusCounts(db)).toEqual({ sent: count });
  const counts = server.deliveryCounts();
  expect(counts.size).toBe(count);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(server.deliveries).toHaveLength(count);
  const rows = await db
    .select({ id: emailOutbox.id, providerMessageId: emailOutbox.providerMessageId })
    .from(emailOutbox);
  const byOutbox = new Map(server.deliveries.map((d) => [d.outboxId, d.id]));
  for (const row of rows) expect(row.providerMessageId).toBe(byOutbox.get(row.id));
}

describe('email delivery under faults', () => {
  test('delivers every message once after the provider is down for a while (500, dropped, hanging)', async ({
    db,
  }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(
      db,
      Array.from({ length: 250 }, () => message()),
      { now: clock.now() },
    );
    const w = worker(db, clock, server, { requestTimeoutMs: 300 });

    const outage = [
      ['error500', 10],
      ['reset', 5],
      ['hang', 2],
    ] as const;
    for (const [mode, minutes] of outage) {
      server.mode = mode;
      await drain(db, [w], clock, { until: new Date(clock.ms() + minutes * 60_000), maxIterations: 40 });
    }
    expect(server.deliveries).toHaveLength(0);
    const down = await statusCounts(db);
    expect(down.failed).toBe(250);
    const failedRequests = server.requests.length;
    expect(failedRequests).toBeGreaterThan(3);

    server.mode = 'ok';
    await drain(db, [worker(db, clock, server)], clock);
    await expectDeliveredOnce(db, server, 250);
    // Three groups (100 + 100 + 50), each retried with the same key until it got through.
    const keys = new Set(server.requests.map((r) => r.idempotencyKey));
    expect(keys.size).toBe(3);
    const after = server.requests.slice(failedRequests);
    expect(after.every((r) => r.status === 200)).toBe(true);
    // One request per group once the provider is back; on a busy runner a slow answer can make the
    // worker time out and send a group again, with the same key (delivered once, checked above).
    expect(new Set(after.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(after.length).toBeLessThanOrEqual(6);
  });

  test('does not duplicate when the worker dies between the provider’s answer and the commit', async ({
    db,
  }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(
      db,
      Array.from({ length: 150 }, () => message()),
      { now: clock.now() },
    );

    // First process: the provider accepts the first batch, then the process dies before recording it.
    const crashing = worker(db, clock, server, {
      afterSend: () => {
        throw new Error('killed');
      },
    });
    await expect(crashing.runOnce()).rejects.toThrow('killed');
    expect(server.deliveries).toHaveLength(100);
    expect(await statusCounts(db)).toEqual({ sending: 100, queued: 50 });

    // Restarted process: the lease runs out, the group is re-sent whole with its key; the provider
    // answers with the first result and sends nothing again.
    const restarted = worker(db, clock, server);
    await drain(db, [restarted], clock);
    await expectDeliveredOnce(db, server, 150);
    const [first, ...rest] = server.requests;
    expect(rest.filter((r) => r.idempotencyKey === first?.idempotencyKey)).toHaveLength(1);
    const [row] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.sendKey, first?.idempotencyKey ?? ''));
    expect(row?.attempts).toBe(2);
  });

  test('does not duplicate when the provider processed the request but the answer never came back', async ({
    db,
  }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(
      db,
      Array.from({ length: 30 }, () => message()),
      { now: clock.now() },
    );
    server.mode = 'accept-then-hang';
    const w = worker(db, clock, server, { requestTimeoutMs: 300 });
    expect(await w.runOnce()).toBe(30);
    expect(await statusCounts(db)).toEqual({ failed: 30 });
    expect(server.deliveries).toHaveLength(30);
    server.mode = 'ok';
    await drain(db, [worker(db, clock, server)], clock);
    await expectDeliveredOnce(db, server, 30);
    expect(server.requests).toHaveLength(2);
  });

  test('never sends a row twice with two workers on one database', async ({ db, testDb }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(
      db,
      Array.from({ length: 600 }, () => message()),
      { now: clock.now() },
    );
    // PostgreSQL: two handles (two connection pools), as two processes would have. PGlite has one
    // connection per database, so there the two workers share the handle and interleave on it.
    let second: DbHandle | undefined;
    if (testDb.url) second = await createDb({ url: testDb.url, maxConnections: 2 });
    try {
      const sentBy = { a: 0, b: 0 };
      const options = { batchSize: 10, ratePerSecond: 1000 };
      const a = worker(db, clock, server, { ...options, afterSend: () => void sentBy.a++ });
      const b = worker(db, clock, server, {
        ...options,
        db: second?.db ?? db,
        afterSend: () => void sentBy.b++,
      });
      await drain(db, [a, b], clock);
      await expectDeliveredOnce(db, server, 600);
      expect(sentBy.a + sentBy.b).toBe(60);
      expect(sentBy.a).toBeGreaterThan(0);
      expect(sentBy.b).toBeGreaterThan(0);
      expect(server.requests).toHaveLength(60);
      expect(new Set(server.requests.map((r) => r.idempotencyKey)).size).toBe(60);
    } finally {
      await second?.close();
    }
  });

  test('keeps to the provider’s rate limit of 2 requests/s without a single 429', async ({ db }) => {
    const clock = virtualClock();
    const server = await setup(clock, { ratePerSecond: 2 });
    await enqueueEmails(
      db,
      Array.from({ length: 200 }, () => message()),
      { now: clock.now() },
    );
    const start = clock.ms();
    await drain(db, [worker(db, clock, server, { batchSize: 10 })], clock);
    await expectDeliveredOnce(db, server, 200);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(server.requests).toHaveLength(20);
    expect(clock.ms() - start).toBeGreaterThanOrEqual(9_500); // 20 requests, 500 ms apart
  });

  test('backs off on 429 for Retry-After when configured faster than the provider allows', async ({ db }) => {
    // Configured for 10/s against a 2/s limit, and no rate-limit headers to warn it: each 429 pauses
    // the worker for Retry-After, and costs the messages no attempt.
    const clock = virtualClock();
    const server = await setup(clock, { ratePerSecond: 2, rateLimitHeaders: false, retryAfterSeconds: 3 });
    await enqueueEmails(
      db,
      Array.from({ length: 200 }, () => message()),
      { now: clock.now() },
    );
    await drain(db, [worker(db, clock, server, { batchSize: 10, ratePerSecond: 10 })], clock);
    await expectDeliveredOnce(db, server, 200);
    const limited = server.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      const next = server.requests[server.requests.indexOf(r) + 1];
      if (next) expect(next.at - r.at).toBeGreaterThanOrEqual(3_000);
    }
    // At most two accepted requests in any second, and at most one 429 per pause.
    const accepted = server.requests.filter((r) => r.status === 200).map((r) => r.at);
    for (let i = 2; i < accepted.length; i++) {
      expect((accepted[i] as number) - (accepted[i - 2] as number)).toBeGreaterThanOrEqual(1000);
    }
    expect(limited.length).toBeLessThanOrEqual(accepted.length / 2 + 1);
    const rows = await db.select({ attempts: emailOutbox.attempts }).from(emailOutbox);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  test('slows down to the limit the provider advertises, avoiding the 429', async ({ db }) => {
    const clock = virtualClock();
    const server = await setup(clock, { ratePerSecond: 2 });
    await enqueueEmails(
      db,
      Array.from({ length: 100 }, () => message()),
      { now: clock.now() },
    );
    await drain(db, [worker(db, clock, server, { batchSize: 10, ratePerSecond: 10 })], clock);
    await expectDeliveredOnce(db, server, 100);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  test('sends nothing for a business transaction that rolls back', async ({ db }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, message({ kind: 'concern-confirmation' }), { now: clock.now() });
        await enqueueEmail(tx, message({ kind: 'concern-confirmation' }), { now: clock.now() });
        throw new Error('the concern could not be saved');
      }),
    ).rejects.toThrow();
    await drain(db, [worker(db, clock, server)], clock);
    expect(server.requests).toHaveLength(0);
    expect(await statusCounts(db)).toEqual({});
  });

  // Fault test 4 of issue 21: the provider down for an hour, answering 500s and then hanging, limited
  // to 2 requests/s. Each group's retries wait as documented (30 s doubling, with jitter between half
  // and all of it); when the provider is back the queue drains at its rate, not at the next retry
  // times, which an hour's backoff has pushed up to half an hour away.
  test('survives the provider down for an hour: retries back off as documented, then drain at its rate', async ({
    db,
  }) => {
    const clock = virtualClock();
    const server = await setup(clock, { ratePerSecond: 2 });
    await enqueueEmails(
      db,
      Array.from({ length: 300 }, () => message()),
      { now: clock.now() },
    );
    const w = worker(db, clock, server, { batchSize: 10, requestTimeoutMs: 300 });
    const start = clock.ms();
    // Each hanging request waits out its timeout in real time: five minutes of hanging (about five
    // requests) rather than twenty spares the suite seconds of waiting.
    const outage = [
      ['error500', 30],
      ['hang', 5],
      ['error500', 25],
    ] as const;
    for (const [mode, minutes] of outage) {
      server.mode = mode;
      await drain(db, [w], clock, { until: new Date(clock.ms() + minutes * 60_000) });
    }
    expect(server.deliveries).toHaveLength(0);
    // Nothing sent, nothing given up: each group is either waiting for its retry or not tried yet (the
    // worker, pausing, tries about one group a minute while the provider fails).
    const down = await statusCounts(db);
    expect(Object.keys(down).sort()).toEqual(['failed', 'queued']);
    expect((down.failed ?? 0) + (down.queued ?? 0)).toBe(300);

    // The backoff, per group: attempt n+1 comes no sooner than half of min(1 h, 30 s · 2^(n-1)) after
    // attempt n. And the worker as a whole, seeing the provider fail, pauses between requests (half
    // to all of 30 s doubling, at most a minute): it probes the provider, it does not hammer it.
    const byKey = new Map<string, number[]>();
    for (const { idempotencyKey: key = '', at } of server.requests)
      byKey.set(key, [...(byKey.get(key) ?? []), at]);
    expect(byKey.size).toBe((down.failed ?? 0) / 10);
    for (const times of byKey.values()) {
      for (let n = 1; n < times.length; n++) {
        const ceiling = Math.min(60 * 60_000, 30_000 * 2 ** (n - 1));
        expect((times[n] as number) - (times[n - 1] as number)).toBeGreaterThanOrEqual(ceiling / 2);
      }
    }
    const at = server.requests.map((r) => r.at);
    for (let i = 1; i < at.length; i++)
      expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThanOrEqual(15_000);
    expect(clock.ms() - start).toBeGreaterThanOrEqual(60 * 60_000);

    server.mode = 'ok';
    const back = clock.ms();
    const failedRequests = server.requests.length;
    await drain(db, [w], clock);
    await expectDeliveredOnce(db, server, 300);
    const after = server.requests.slice(failedRequests);
    expect(after.filter((r) => r.status === 429)).toHaveLength(0);
    // 30 groups at 2 requests/s: about 15 s once the first success shows the provider is back (the
    // first retry after the outage is due within its backoff, at most a minute or two away).
    const firstOk = after.find((r) => r.status === 200)?.at ?? Number.NaN;
    expect(firstOk - back).toBeLessThan(40 * 60_000);
    expect(clock.ms() - firstOk).toBeLessThan(30_000);
    expect(clock.ms() - start).toBeLessThan(2 * 60 * 60_000);
  });

  test('gives up after 72 hours, and a staff retry then delivers once', async ({ db }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(db, [message(), message()], { now: clock.now() });
    const start = clock.ms();
    server.mode = 'error500';
    const w = worker(db, clock, server);
    await drain(db, [w], clock);
    expect(await statusCounts(db)).toEqual({ dead: 2 });
    expect(clock.ms() - start).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(clock.ms() - start).toBeLessThan(GIVE_UP_AFTER_MS + 5 * 60_000);
    // Backoff: from 30 s doubling to an hour, so about 80 tries over 72 hours, not thousands.
    expect(server.requests.length).toBeGreaterThan(60);
    expect(server.requests.length).toBeLessThan(120);

    const dead = await listDeadEmails(db);
    expect(dead.items[0]?.lastError).toContain('500');
    server.mode = 'ok';
    for (const d of dead.items) await retryDeadEmail(db, d.id, { now: clock.now() });
    await drain(db, [w], clock);
    await expectDeliveredOnce(db, server, 2);
  });

  test('marks a message the provider refuses as dead and sends the rest of its batch', async ({ db }) => {
    const clock = virtualClock();
    const server = await setup(clock, { refuse: (to) => to.startsWith('refused') });
    await enqueueEmails(db, [message(), message({ to: 'refused@example.com' }), message()], {
      now: clock.now(),
    });
    await drain(db, [worker(db, clock, server)], clock);
    expect(await statusCounts(db)).toEqual({ sent: 2, dead: 1 });
    expect(server.requests).toHaveLength(1);
    const [dead] = (await listDeadEmails(db)).items;
    expect(dead?.lastError).toContain('Refused');
  });

  test('stops gracefully during a request: the outcome is recorded and nothing stays leased', async ({
    db,
  }) => {
    const clock = virtualClock();
    const server = await setup(clock);
    await enqueueEmails(db, [message(), message()], { now: clock.now() });
    server.mode = 'hang';
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    server.onRequest = () => arrived();
    const w = worker(db, clock, server, { pollIntervalMs: 10, requestTimeoutMs: 300 });
    w.start();
    await requestArrived;
    await w.stop();
    expect(await statusCounts(db)).toEqual({ failed: 2 });
  });
});
