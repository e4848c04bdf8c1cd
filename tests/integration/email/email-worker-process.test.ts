// `npm run worker` as a real process: it refuses the embedded database, and on PostgreSQL a worker
// process killed (SIGKILL) after the provider accepted its batch causes no duplicate once another
// worker takes the lease over — in virtual time, and with two real processes in real time, within
// the lease (issue 21, fault test 3). The second part needs PostgreSQL (TEST_DATABASE_URL).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect } from 'vitest';
import { createDb, rowsOf } from '../../../db/client.ts';
import { enqueueEmails } from '../../../src/features/email/outbox.server.ts';
import { createOutboxWorker } from '../../../src/features/email/outbox-worker.ts';
import { createResendTransport } from '../../../src/server/node/email-transport.ts';
import { silentLogger } from '../../../src/server/node/logger.ts';
import { drain, message, statusCounts, virtualClock } from '../../helpers/email.ts';
import { startFakeResend } from '../../helpers/fake-resend.ts';
import { test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

const WORKER = ['--experimental-strip-types', 'src/worker.ts'];

/** The environment of a worker process on the test database, sending to the fake Resend. */
function workerEnv(
  url: string | undefined,
  fakeUrl: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    // The worker opens sealed links with it: required, like the server's, with PostgreSQL.
    APP_SECRET: Buffer.from(TEST_SECRET).toString('base64'),
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: fakeUrl,
    EMAIL_FROM: 'Test <test@example.com>',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
  );

describe('npm run worker', () => {
  test('refuses to start on the embedded database, with a clear message and exit code 1', () => {
    const run = spawnSync(process.execPath, WORKER, {
      env: { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: '/nonexistent/pglite' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs DATABASE_URL/);
    expect(run.stderr).toMatch(/only the server process may open the data directory/);
  });

  test('refuses a bad configuration in production before touching the database', () => {
    const run = spawnSync(process.execPath, WORKER, {
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/RESEND_API_KEY is required in production/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('a worker process killed mid-batch (PostgreSQL)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  test('is taken over after its lease and nothing is delivered twice', async ({ db, testDb }) => {
    const fake = await startFakeResend();
    try {
      await enqueueEmails(
        db,
        Array.from({ length: 120 }, () => message()),
      );
      fake.mode = 'accept-then-hang';
      const killed = new Promise<void>((resolve) => {
        fake.onRequest = () => {
          // The provider processes this request (synchronously, after this hook) and never answers;
          // the worker process dies before it could record anything.
          child?.kill('SIGKILL');
          resolve();
        };
      });
      child = spawn(process.execPath, WORKER, {
        env: workerEnv(testDb.url, fake.url),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await killed;
      await exited(child);
      expect(child.signalCode).toBe('SIGKILL');
      expect(fake.deliveries).toHaveLength(100);
      expect(await statusCounts(db)).toEqual({ sending: 100, queued: 20 });

      // Another worker (its clock past the 2-minute lease) takes over.
      fake.mode = 'ok';
      fake.onRequest = undefined;
      const clock = virtualClock(Date.now() + 3 * 60_000);
      const other = await createDb({ url: testDb.url as string, maxConnections: 2 });
      try {
        const worker = createOutboxWorker({
          db: other.db,
          appSecret: TEST_SECRET,
          transport: createResendTransport({
            apiKey: 're_test_key',
            baseUrl: fake.url,
            from: 'Test <test@example.com>',
          }),
          logger: silentLogger,
          now: clock.now,
          sleep: clock.sleep,
        });
        await drain(other.db, [worker], clock);
      } finally {
        await other.close();
      }
      expect(await statusCounts(db)).toEqual({ sent: 120 });
      expect(fake.deliveries).toHaveLength(120);
      expect([...fake.deliveryCounts().values()].every((n) => n === 1)).toBe(true);
      const [first] = fake.requests;
      expect(fake.requests.filter((r) => r.idempotencyKey === first?.idempotencyKey)).toHaveLength(2);
      const result = await db.execute(sql`select count(*)::int as n from email_outbox where attempts = 2`);
      expect(Number(rowsOf<{ n: number }>(result)[0]?.n)).toBe(100);
    } finally {
      await fake.close();
    }
  });
  test('is taken over by another worker process within its lease, in real time, with nothing sent twice', async ({
    db,
    testDb,
  }) => {
    await db.execute(sql`truncate email_events, email_outbox`);
    const fake = await startFakeResend();
    const lease = 5_000;
    let other: ChildProcess | undefined;
    try {
      await enqueueEmails(
        db,
        Array.from({ length: 250 }, () => message()),
      );
      fake.mode = 'accept-then-hang';
      let firstAt = 0;
      const killed = new Promise<void>((resolve) => {
        fake.onRequest = () => {
          if (firstAt) return;
          firstAt = Date.now();
          child?.kill('SIGKILL');
          resolve();
        };
      });
      const env = workerEnv(testDb.url, fake.url, { EMAIL_LEASE_SECONDS: String(lease / 1000) });
      child = spawn(process.execPath, WORKER, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      await killed;
      await exited(child);
      fake.mode = 'ok';
      const [first] = fake.requests;
      other = spawn(process.execPath, WORKER, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      for (
        const deadline = Date.now() + 20_000;
        Date.now() < deadline;
        await new Promise((r) => setTimeout(r, 100))
      )
        if ((await statusCounts(db)).sent === 250) break;
      expect(await statusCounts(db)).toEqual({ sent: 250 });
      // The killed worker's group went again under its key, not before its lease ran out, and soon after.
      const retry = fake.requests.filter((r) => r.idempotencyKey === first?.idempotencyKey);
      expect(retry).toHaveLength(2);
      const takenOverAfter = (retry[1]?.at ?? 0) - firstAt;
      console.log(`Lease ${lease} ms; the killed worker's batch was taken over after ${takenOverAfter} ms`);
      expect(takenOverAfter).toBeGreaterThanOrEqual(lease - 500);
      expect(takenOverAfter).toBeLessThan(lease + 3_000);
      expect(fake.deliveries).toHaveLength(250);
      expect([...fake.deliveryCounts().values()].every((n) => n === 1)).toBe(true);
      other.kill('SIGTERM');
      await exited(other);
      expect(other.exitCode).toBe(0);
    } finally {
      other?.kill('SIGKILL');
      await fake.close();
    }
  });
});
