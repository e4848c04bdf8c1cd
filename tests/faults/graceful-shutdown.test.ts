// SIGTERM to a built server with a request in flight and an email request hanging at the provider:
// the request in flight completes, new connections are refused at once, the worker gives its claim
// back (no row left leased), and the process exits 0 within 10 s. PostgreSQL and a build needed.
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { enqueueEmails } from '../../src/features/email/outbox.server.ts';
import { message, statusCounts } from '../helpers/email.ts';
import { type FakeResend, startFakeResend } from '../helpers/fake-resend.ts';
import type { TestDb } from '../helpers/test-db.ts';
import {
  CAN_RUN,
  deploymentEnv,
  type Instance,
  killAll,
  SKIP_REASON,
  seededDatabase,
  startInstance,
} from './instances.ts';

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20)))
    if (await check()) return;
  throw new Error(`Not within ${ms} ms: ${what}`);
};

describe.skipIf(!CAN_RUN)(`graceful shutdown of the built server (${SKIP_REASON})`, () => {
  let t: TestDb;
  let fake: FakeResend;
  let server: Instance | undefined;
  beforeAll(async () => {
    t = await seededDatabase();
    fake = await startFakeResend();
  });
  afterAll(async () => {
    await killAll([server]);
    await fake?.close();
    await t?.destroy();
  });

  it('finishes the request in flight, refuses new connections, releases leases and exits 0 within 10 s', async () => {
    await enqueueEmails(t.db, [message(), message(), message()]);
    fake.mode = 'hang';
    server = await startInstance(
      deploymentEnv(t.url as string, {
        RESEND_API_KEY: 're_test_key',
        RESEND_BASE_URL: fake.url,
        EMAIL_FROM: 'Test <test@example.com>',
        LOG_LEVEL: 'info',
      }),
    );
    const { base } = server;
    // The server's worker has claimed the three messages and its request hangs at the provider.
    await until(() => fake.requests.length > 0, 45_000, 'the worker sends');
    expect(await statusCounts(t.db)).toEqual({ sending: 3 });

    // A sign-in form whose body is only half sent: the action is waiting for the rest.
    const body = new URLSearchParams({
      email: 'nobody@example.org',
      password: 'not the password',
    }).toString();
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (b) => {
      answer += b.toString();
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /staff/login?_action=auth.login HTTP/1.1\r\nHost: 127.0.0.1:${new URL(base).port}\r\n` +
        `Origin: ${base}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    // New connections are refused at once.
    await until(
      () =>
        fetch(`${base}/health/live`).then(
          () => false,
          () => true,
        ),
      2_000,
      'new connections refused',
    );
    const refusedAfter = Date.now() - signalled;
    // The request in flight gets its answer.
    socket.write(body.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
    expect(answer).toMatch(/Sign in/);

    const { code, at } = await server.exited;
    const exitedAfter = at - signalled;
    console.log(`SIGTERM → new connections refused: ${refusedAfter} ms; process exited: ${exitedAfter} ms`);
    expect(code).toBe(0);
    expect(exitedAfter).toBeLessThan(10_000);
    expect(server.output()).toMatch(/"message":"Stopped"/);

    // The hanging provider request was abandoned and recorded: retried later under the same key.
    const rows = rowsOf<{ status: string; leased: number; keys: number }>(
      await t.db.execute(sql`
        select status::text as status, count(lease_token)::int as leased, count(distinct send_key)::int as keys
        from email_outbox group by status`),
    );
    expect(rows).toEqual([{ status: 'failed', leased: 0, keys: 1 }]);
  });
});
