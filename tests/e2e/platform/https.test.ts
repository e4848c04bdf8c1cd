// The portal as production runs it: the reverse proxy terminates TLS and connects to the portal over
// HTTPS too (SERVER_CERT_PATH / SERVER_KEY_PATH), passing the public Host and appending the client's
// address to X-Forwarded-For. Astro's Node adapter builds the request URL from the connection, so
// this is what makes the origin check accept https:// forms and the session cookie `__Host-`/Secure.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixtures } from '../fixtures.ts';
import { freePort, prepareDatabase, stopServer } from '../server.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let dir: string;
let server: ChildProcess;
let port: number;
let cert: Buffer;
let fixtures: Fixtures;

function call(
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        method,
        path: pathname,
        ca: cert,
        headers: {
          host: `localhost:${port}`,
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function postForm(
  pathname: string,
  fields: Record<string, string>,
  origin: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(
    'POST',
    pathname,
    { origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    new URLSearchParams(fields).toString(),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-https-'));
  const made = spawnSync(
    'openssl',
    [
      ...[
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
      ],
      ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
      ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  cert = readFileSync(path.join(dir, 'cert.pem'));
  const prepared = prepareDatabase(dir);
  fixtures = prepared.fixtures;
  port = await freePort();
  server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: {
      ...prepared.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVER_CERT_PATH: path.join(dir, 'cert.pem'),
      SERVER_KEY_PATH: path.join(dir, 'key.pem'),
      TRUSTED_PROXIES: '1',
      EMAIL_WORKER: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}`);
    try {
      if ((await call('GET', '/')).status === 200) break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('served over HTTPS behind a proxy', () => {
  it('serves pages with HSTS', async () => {
    const home = await call('GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('accepts a form posted from the https origin, and signs in with a __Host- Secure cookie', async () => {
    const answer = await postForm(
      '/staff/login?_action=auth.login',
      { email: fixtures.staff.admin.email, password: fixtures.password },
      `https://localhost:${port}`,
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/staff\/login\/two-factor(\?|$)/);
    const cookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('__Host-cn_staff='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/Domain=/i);
  });

  it('carries a form’s result in a __Host- Secure one-read cookie, deleted by the page that reads it', async () => {
    const answer = await postForm(
      '/report/what?_action=report.what',
      { category: 'noise', categoryOther: '' },
      `https://localhost:${port}`,
    );
    expect(answer.status).toBe(303);
    const cookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
    const flash = cookies.find((c) => c.startsWith('__Host-cn_flash='));
    expect(flash).toMatch(/; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/i);
    expect(cookies.some((c) => c.startsWith('cn_flash='))).toBe(false);
    const draft = cookies.find((c) => c.startsWith('__Host-cn_report='))?.split(';')[0] ?? '';
    const next = await call('GET', String(answer.headers.location), {
      cookie: `${flash?.split(';')[0]}; ${draft}`,
    });
    expect(next.status).toBe(200);
    const deleted = ([] as string[])
      .concat(next.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('__Host-cn_flash='));
    expect(deleted).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    expect(deleted).toMatch(/; Secure/i);
    // A confirmation nobody sent, as a cookie of the plain name (which a sibling subdomain or a
    // network attacker could set) is not read over HTTPS; under the __Host- name, which only this
    // origin can set, the same value is what the confirmation page shows.
    const fake = encodeURIComponent(
      JSON.stringify({
        actionName: 'report.send',
        actionResult: {
          type: 'data',
          status: 200,
          contentType: 'application/json+devalue',
          body: JSON.stringify([
            { redirectTo: 1, reference: 2, trackingCode: 3 },
            '/report/sent',
            'CN-2026-999999',
            'FAKE-CODE-0000',
          ]),
        },
      }),
    );
    expect((await call('GET', '/report/sent', { cookie: `cn_flash=${fake}` })).body).not.toContain(
      'FAKE-CODE-0000',
    );
    expect((await call('GET', '/report/sent', { cookie: `__Host-cn_flash=${fake}` })).body).toContain(
      'FAKE-CODE-0000',
    );
  });

  it('still refuses a form posted from another origin, or from plain http', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${port}`]) {
      const answer = await postForm(
        '/staff/login?_action=auth.login',
        { email: fixtures.staff.admin.email, password: fixtures.password },
        origin,
      );
      expect(answer.status).toBe(403);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('counts sign-in attempts per forwarded client, not per proxy', async () => {
    // The per-client limit on sign-in: one forwarded client exhausts it, another is unaffected.
    const attempt = (client: string) =>
      postForm(
        '/staff/login?_action=auth.login',
        { email: `nobody-${client}@example.org`, password: 'not the password at all' },
        `https://localhost:${port}`,
        // What the client wrote, then what the proxy appended: only the proxy's part counts.
        { 'x-forwarded-for': `198.51.100.1, ${client}` },
      ).then((a) => a.status);
    let limited = false;
    for (let i = 0; i < 25 && !limited; i++) {
      limited = (await attempt('203.0.113.7')) === 429;
    }
    expect(limited).toBe(true);
    expect(await attempt('203.0.113.8')).toBe(401);
  });
});
