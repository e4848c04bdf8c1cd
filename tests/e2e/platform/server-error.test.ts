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
      APP_SECRET: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
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

  // An action that fails for another reason is answered 500 the same way: server-logs.test.ts.
  it('answers a form whose action needs the database with the 503 page and Retry-After, not the error’s message', async () => {
    const res = await fetch(`${baseURL}/staff/login?_action=auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: 'email=ada%40example.org&password=a+long+enough+password',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('set-cookie')).toBeNull();
    const text = (await res.text()).replace(/<[^>]+>/g, '');
    // The form again, its error summary saying why (its title starts "Error:", as every form's does).
    expect(text).toContain('Sorry, the service is unavailable for a moment');
    for (const leak of ['ECONNREFUSED', '127.0.0.1:1', 'Failed query']) {
      expect(text, `the page mentions "${leak}"`).not.toContain(leak);
    }
    expect(stderr).not.toContain('ada@example.org');
  });

  it('answers an action called directly that needs the database with a 503 and Retry-After', async () => {
    const res = await fetch(`${baseURL}/_actions/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: 'email=grace%40example.org&password=a+long+enough+password',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    const body = JSON.stringify(await res.json());
    for (const leak of ['ECONNREFUSED', '127.0.0.1:1', 'Failed query', 'grace@example.org']) {
      expect(body, `the answer mentions "${leak}"`).not.toContain(leak);
    }
    expect(stderr).not.toContain('grace@example.org');
  });

  it('keeps serving pages that need no database', async () => {
    const res = await fetch(`${baseURL}/privacy`);
    expect(res.status).toBe(200);
  });
});
