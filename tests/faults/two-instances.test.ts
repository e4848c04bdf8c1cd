// Fault test 1 of issue 21: two built-server instances and two `npm run worker` processes on one
// PostgreSQL database. A publish through one instance is visible on the other at once (the page
// cache's NOTIFY); a staff session made on one works on both; the sign-in limit per client counts
// across both; 5,000 queued emails are sent exactly once by the two workers racing to a fake Resend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanUpdate } from '../../src/features/action-plan/plan-updates.server.ts';
import { LOGIN_CLIENT_LIMIT } from '../../src/features/auth/sign-in.server.ts';
import { enqueueEmails } from '../../src/features/email/outbox.server.ts';
import { message, statusCounts } from '../helpers/email.ts';
import { type FakeResend, startFakeResend } from '../helpers/fake-resend.ts';
import { createStaff, TEST_PASSWORD, type TestStaff, totpAt } from '../helpers/staff.ts';
import type { TestDb } from '../helpers/test-db.ts';
import {
  CAN_RUN,
  deploymentEnv,
  type Instance,
  killAll,
  type Proc,
  SKIP_REASON,
  seededDatabase,
  startInstance,
  startWorker,
} from './instances.ts';

/** A form post to an action, as the portal's own pages send it. */
function postAction(base: string, name: string, fields: Record<string, string>, cookie = '') {
  return fetch(`${base}/_actions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, cookie },
    body: new URLSearchParams(fields),
  });
}

const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cn_staff=') && c.length > 'cn_staff='.length);

describe.skipIf(!CAN_RUN)(`two instances and two workers on one database (${SKIP_REASON})`, () => {
  let t: TestDb;
  let fake: FakeResend;
  let a: Instance;
  let b: Instance;
  let officer: TestStaff;
  let session: string;
  const workers: Proc[] = [];
  beforeAll(async () => {
    t = await seededDatabase();
    officer = await createStaff(t.db, 'liaison_officer');
    fake = await startFakeResend({ keepBodies: false });
    const env = deploymentEnv(t.url as string, { EMAIL_WORKER: 'off' });
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  });
  afterAll(async () => {
    await killAll([a, b, ...workers]);
    await fake?.close();
    await t?.destroy();
  });

  it('a staff member signed in on one instance is signed in on the other', async () => {
    const password = await postAction(a.base, 'auth.login', {
      email: officer.email,
      password: TEST_PASSWORD,
    });
    expect(password.status).toBe(200);
    const pending = sessionCookie(password);
    expect(pending).toBeDefined();
    // The second step on the other instance, then the back office on both.
    const code = await postAction(
      b.base,
      'auth.verifyCode',
      { code: totpAt(officer.key, new Date()) },
      pending,
    );
    expect(code.status).toBe(200);
    session = sessionCookie(code) as string;
    expect(session).toBeDefined();
    for (const base of [a.base, b.base]) {
      const page = await fetch(`${base}/staff`, { headers: { cookie: session }, redirect: 'manual' });
      expect(page.status, base).toBe(200);
      expect(await page.text()).toContain(officer.name);
    }
  });

  it('a plan update published through one instance is on the other’s cached page at once', async () => {
    const headline = `Published on A, read on B ${Date.now()}`;
    const id = await createPlanUpdate(
      t.db,
      5,
      {
        updateDate: '2026-11-30',
        status: 'on_track',
        headline,
        body: 'Body.',
        borough: 'camden',
        source: 'Test',
      },
      { id: officer.id, email: officer.email },
    );
    await fetch(`${b.base}/action-plan/5`);
    const cached = await fetch(`${b.base}/action-plan/5`);
    expect(cached.headers.get('x-cache')).toBe('hit');
    expect(await cached.text()).not.toContain(headline);

    const published = await postAction(
      a.base,
      'planUpdates.publish',
      { actionNumber: '5', id: String(id) },
      session,
    );
    expect(published.status).toBe(200);
    const at = Date.now();
    let seen = false;
    while (!seen && Date.now() - at < 2_000)
      seen = (await (await fetch(`${b.base}/action-plan/5`)).text()).includes(headline);
    const ms = Date.now() - at;
    console.log(`Publish on A → visible on B after ${ms} ms`);
    expect(seen).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it('counts the sign-in limit per client across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_CLIENT_LIMIT.limit; i++) {
      const base = i % 2 === 0 ? a.base : b.base;
      const res = await postAction(base, 'auth.login', {
        email: `nobody-${i}-${Date.now()}@example.org`,
        password: 'not the password at all',
      });
      statuses.push(res.status);
    }
    // The limit's worth of refusals for a wrong password, then the limit itself, whichever instance.
    expect(statuses.slice(0, LOGIN_CLIENT_LIMIT.limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await postAction(a.base, 'auth.login', { email: 'x@example.org', password: 'y' })).status).toBe(
      429,
    );
  });

  it('sends 5,000 queued emails exactly once with two worker processes racing', async () => {
    const total = 5_000;
    for (let i = 0; i < total; i += 1_000) {
      await enqueueEmails(
        t.db,
        Array.from({ length: 1_000 }, () => message()),
      );
    }
    const env = deploymentEnv(t.url as string, {
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: fake.url,
      EMAIL_FROM: 'Test <test@example.com>',
      EMAIL_RATE_LIMIT_PER_SECOND: '40',
      LOG_LEVEL: 'debug',
    });
    const started = Date.now();
    workers.push(startWorker(env), startWorker(env));
    for (
      const deadline = Date.now() + 60_000;
      Date.now() < deadline;
      await new Promise((r) => setTimeout(r, 200))
    )
      if ((await statusCounts(t.db)).sent === total) break;
    console.log(`5,000 emails sent by two workers in ${Date.now() - started} ms`);
    expect(await statusCounts(t.db)).toEqual({ sent: total });
    const counts = fake.deliveryCounts();
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(fake.requests).toHaveLength(total / 100);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey)).size).toBe(total / 100);
    // Both took part: each logs the batches it sent.
    for (const w of workers) expect(w.output()).toMatch(/"message":"Emails sent"/);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.exited).code).toBe(0);
  }, 90_000);
});
