// When the database is unreachable, pages fail with the site's own error page (a 503 with Retry-After,
// decision 0129), which reveals nothing about the cause, and the server keeps serving.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFullPolicy } from '../browser.ts';
import { freePort, waitUntilUp } from '../server.ts';

let server: ChildProcess;
let baseURL: string;
let stderr = '';

beforeAll(async () => {
  const port = await freePort();
  // Port 1 on loopback: nothing listens there, so every query fails to connect.
  server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: 'postgres://portal:not-a-real-password@127.0.0.1:1/none',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The log, both streams (warnings go to standard output).
  for (const stream of [server.stdout, server.stderr]) {
    stream?.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
  }
  baseURL = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${baseURL}/accessibility`, server);
});
afterAll(() => {
  server?.kill();
});

describe('500 page', () => {
  it('is in the site’s look and gives nothing away', async () => {
    const res = await fetch(`${baseURL}/action-plan`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectFullPolicy(res.headers.get('content-security-policy'), 'the 500 page');
    const html = await res.text();
    expect(html).toContain('Sorry, the service is unavailable for a moment');
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain('In an emergency call 999. Non-emergency: 101.');
    for (const leak of ['ECONNREFUSED', 'postgres', 'not-a-real-password', 'node_modules', 'Error']) {
      expect(text, `500 page mentions "${leak}"`).not.toContain(leak);
    }
    expect(text, 'no stack frames').not.toMatch(/\bat \S+:\d+:\d+/);
  });

  it('logs the failure without the connection string', async () => {
    await fetch(`${baseURL}/wards`);
    expect(stderr).toContain('Database unreachable while rendering');
    expect(stderr).not.toContain('not-a-real-password');
  });

  it('answers a form whose action fails unexpectedly with the 500 page, not the error’s message', async () => {
    const res = await fetch(`${baseURL}/staff/login?_action=auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: 'email=ada%40example.org&password=a+long+enough+password',
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('set-cookie')).toBeNull();
    const text = (await res.text()).replace(/<[^>]+>/g, '');
    expect(text).toContain('Sorry, there is a problem with the service');
    for (const leak of ['ECONNREFUSED', '127.0.0.1:1', 'Error', 'Failed query']) {
      expect(text, `the page mentions "${leak}"`).not.toContain(leak);
    }
    expect(stderr).toContain('Action auth.login failed');
    expect(stderr).not.toContain('ada@example.org');
  });

  it('answers an action called directly that fails unexpectedly with a generic 500', async () => {
    const res = await fetch(`${baseURL}/_actions/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: 'email=grace%40example.org&password=a+long+enough+password',
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      type: 'AstroActionError',
      code: 'INTERNAL_SERVER_ERROR',
      status: 500,
      message: 'Sorry, there is a problem with the service. Try again later.',
    });
    expect(stderr).toMatch(/"message":"Action failed",("requestId":"[^"]+",)?"action":"auth.login"/);
    expect(stderr).not.toContain('grace@example.org');
  });

  it('keeps serving pages that need no database', async () => {
    const res = await fetch(`${baseURL}/privacy`);
    expect(res.status).toBe(200);
  });
});
