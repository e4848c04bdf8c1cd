// The HTTP contract of public pages: security headers, shared-cache friendly, nothing per visitor,
// and the origin check on form posts.
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { expectFullPolicy } from '../browser.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

describe('public page headers', () => {
  it.each(['/', '/action-plan', '/wards/bloomsbury', '/performance'])('%s', async (path) => {
    const res = await fetch(baseURL + path);
    expect(res.status).toBe(200);
    const h = res.headers;
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(h.get('content-security-policy')).toContain("script-src 'self'");
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('same-origin');
    expect(h.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=600');
    expect(h.get('set-cookie')).toBeNull();
    // Script-free public pages go without it (decision 0110); the rest keep it (next test).
    expect(h.get('cross-origin-opener-policy')).toBeNull();
  });

  it.each([
    ['a question of the report form', '/report/what', {}],
    ['the sign-in page', '/staff/login', {}],
    ['a staff page', '/staff', { cookie: `cn_staff=${fx.staff.admin.session}` }],
  ])('keeps Cross-Origin-Opener-Policy on %s', async (_, path, headers) => {
    const res = await fetch(baseURL + path, { headers, redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('serves the same bytes to every visitor', async () => {
    const a = await (await fetch(`${baseURL}/action-plan`)).text();
    const b = await (await fetch(`${baseURL}/action-plan`, { headers: { cookie: 'anything=1' } })).text();
    expect(b).toBe(a);
  });

  it('does not cache errors', async () => {
    const res = await fetch(`${baseURL}/action-plan?pillar=bogus`);
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Content-Security-Policy on every kind of response', () => {
  const staff = { cookie: `cn_staff=${fx.staff.admin.session}` };
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL };
  it.each([
    ['a content page', '/action-plan/1', {}, 200],
    ['a staff page', '/staff/action-plan/1/new', { headers: staff }, 200],
    ['the sign-in page', '/staff/login', {}, 200],
    ['a redirect to sign in', '/staff', {}, 303],
    ['a 404 page', '/no-such-page', {}, 404],
    ['a 405 from a page', '/action-plan', { method: 'POST', headers: form, body: 'a=1' }, 405],
    ['an endpoint', '/api/email/webhook', {}, 405],
    [
      'a form shown again with errors',
      '/staff/login?_action=auth.login',
      { method: 'POST', headers: form, body: 'email=x' },
      400,
    ],
    [
      'an action called by an island',
      '/_actions/planUpdates.preview',
      { method: 'POST', headers: form, body: 'body=x' },
      401,
    ],
  ] as const)('%s', async (what, path, init, status) => {
    const res = await fetch(baseURL + path, { ...init, redirect: 'manual' } as RequestInit);
    expect(res.status, what).toBe(status);
    expectFullPolicy(res.headers.get('content-security-policy'), what);
  });
});

describe('inline code the policy allows', () => {
  const staff = { cookie: `cn_staff=${fx.staff.admin.session}` };
  const inlineHashes = (html: string) =>
    [...html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/g)]
      .filter(([, element, attributes]) => element === 'style' || !/\ssrc=/.test(` ${attributes}`))
      .map(
        ([, , , text]) =>
          `'sha256-${createHash('sha256')
            .update(text ?? '')
            .digest('base64')}'`,
      )
      .sort();
  const allowedHashes = (policy: string | null) => (policy?.match(/'sha256-[^']+'/g) ?? []).sort();

  it.each([
    ['a content page, from the renderer and then from the page cache', '/wards/bloomsbury', {}],
    ['a page with an island', '/staff/action-plan/1/new', staff],
  ] as const)('%s: exactly the hashes of its own inline scripts and styles', async (_what, path, headers) => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(baseURL + path, { headers });
      const policy = res.headers.get('content-security-policy');
      const html = await res.text();
      expect(allowedHashes(policy)).toEqual(inlineHashes(html));
      // The island page does have inline code (Astro's island runtime), so its policy lists some.
      if (path.startsWith('/staff')) expect(inlineHashes(html).length).toBeGreaterThan(0);
    }
  });

  it('allows no inline code at all on a content page', async () => {
    const policy = (await fetch(`${baseURL}/performance`)).headers.get('content-security-policy');
    expect(policy).toMatch(/script-src 'self';/);
    expect(policy).toMatch(/style-src 'self';?$/);
  });
});

describe('cache policy of endpoints', () => {
  it('never lets a cache keep the webhook’s answers', async () => {
    const get = await fetch(`${baseURL}/api/email/webhook`);
    expect(get.headers.get('cache-control')).toBe('no-store');
    const post = await fetch(`${baseURL}/api/email/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.headers.get('cache-control')).toBe('no-store');
  });
});

describe('cross-site form posts', () => {
  it('are refused by the origin check', async () => {
    const res = await fetch(`${baseURL}/action-plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'pillar=less-crime',
    });
    expect(res.status).toBe(403);
  });

  // The one-click unsubscribe exemption covers RFC 8058's request and nothing else: not a form
  // action run through its path, not another body (security review 2, item 3).
  describe('at the one-click unsubscribe address', () => {
    const path = `/api/newsletters/unsubscribe/${'a'.repeat(32)}`;
    const crossSite = (url: string, body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${baseURL}${url}`, {
        method: 'POST',
        headers: { 'content-type': type, origin: 'https://evil.example' },
        body,
        redirect: 'manual',
      });

    it('refuse a form action named in the query, whatever the body', async () => {
      const login = 'email=a%40example.org&password=x';
      expect((await crossSite(`${path}?_action=auth.login`, login)).status).toBe(403);
      expect((await crossSite(`${path}?_action=auth.login`, 'List-Unsubscribe=One-Click')).status).toBe(403);
      expect((await crossSite(`${path}?x=1`, 'List-Unsubscribe=One-Click')).status).toBe(403);
    });

    it('refuse any body but List-Unsubscribe=One-Click', async () => {
      expect((await crossSite(path, 'email=a%40example.org')).status).toBe(403);
      expect((await crossSite(path, 'List-Unsubscribe=One-Click&x=1')).status).toBe(403);
      expect((await crossSite(path, 'List-Unsubscribe=One-Click', 'text/plain')).status).toBe(403);
    });

    it("let the RFC's request through, with no Origin as mail providers send it", async () => {
      const res = await fetch(`${baseURL}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
      const multipart = new FormData();
      multipart.set('List-Unsubscribe', 'One-Click');
      const res2 = await fetch(`${baseURL}${path}`, { method: 'POST', body: multipart });
      expect(res2.status).toBe(200);
    });
  });
});

describe('methods', () => {
  it('answers 405 to a post to a page that takes no form', async () => {
    const res = await fetch(`${baseURL}/action-plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: 'pillar=less-crime',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('request bodies', () => {
  it.each([
    ['a form post to an action', '/staff/login?_action=auth.login'],
    ['an action called directly', '/_actions/auth.login'],
  ])('%s larger than the limit gets a 4xx, not a server error', async (_label, path) => {
    const res = await fetch(baseURL + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL },
      body: `email=a%40example.org&password=${'a'.repeat(300 * 1024)}`,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  // A body refused before it is read to its end leaves bytes on the connection: reused, the next
  // request is read from the middle of that body and the client sees a reset (security review 2,
  // item 10). After the refusal, the same connection must either answer the next request properly or
  // have been closed with `Connection: close`. Raw sockets, so nothing in between repairs it.
  it.each([
    ['a 2 MB form post to an action', '/staff/login?_action=auth.login'],
    ['a 2 MB post to an action called directly', '/_actions/auth.login'],
    ['a 2 MB post to a page that takes none', '/action-plan'],
  ])('%s leaves no bytes for the next request', async (_label, path) => {
    const { status, connection, next } = await postThenGet(path, 2 * 1024 * 1024);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    if (connection === 'close') expect(next).toBe('closed');
    else expect(next).toBe(200);
  });
});

/**
 * POSTs `size` bytes of form body on a fresh socket, then (once answered) a GET on the same socket.
 * The first answer's status and Connection header, and what became of the GET: its status, 'closed'
 * (the server closed the connection cleanly), 'reset' or 'timeout'.
 */
function postThenGet(
  path: string,
  size: number,
): Promise<{
  status: number;
  connection: string | undefined;
  next: number | 'closed' | 'reset' | 'timeout';
}> {
  const { hostname, port } = new URL(baseURL);
  const host = `${hostname}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let first: { status: number; connection: string | undefined; end: number } | undefined;
    let settled = false;
    const finish = (next: number | 'closed' | 'reset' | 'timeout') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (!first) reject(new Error(`no answer to the POST (${next})`));
      else resolve({ status: first.status, connection: first.connection, next });
    };
    const timer = setTimeout(() => finish('timeout'), 20_000);
    const parseHead = (text: string) => {
      const [statusLine = '', ...lines] = text.split('\r\n');
      const header = (name: string) =>
        lines
          .find((l) => l.toLowerCase().startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim()
          .toLowerCase();
      return { status: Number(statusLine.split(' ')[1]), header };
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!first) {
        const at = received.indexOf('\r\n\r\n');
        if (at < 0) return;
        const { status, header } = parseHead(received.slice(0, at));
        let end = at + 4 + Number(header('content-length') ?? 0);
        if (header('transfer-encoding') === 'chunked') {
          // A chunked body ends with a zero-length chunk.
          const last = received.indexOf('\r\n0\r\n\r\n', at);
          const empty = received.startsWith('0\r\n\r\n', at + 4);
          if (last < 0 && !empty) return;
          end = empty ? at + 9 : last + 7;
        }
        first = { status, connection: header('connection'), end };
        // The GET the client would send next on the kept connection.
        if (!socket.destroyed) socket.write(`GET /accessibility HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      }
      const rest = received.slice(first.end);
      const at = rest.indexOf('\r\n\r\n');
      if (at >= 0) finish(parseHead(rest.slice(0, at)).status);
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNRESET' ? 'reset' : 'closed'),
    );
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${baseURL}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!socket.write(part)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

describe('actions called directly with bad bodies', () => {
  it.each([
    ['malformed JSON', 'application/json', '{bad'],
    ['JSON that is not an object', 'application/json', '[1, 2]'],
    ['an unreadable multipart body', 'multipart/form-data; boundary=x', 'garbage'],
    ['a type actions do not take', 'text/plain', 'hello'],
  ])('%s gets a 4xx with no internals, not a server error', async (_label, type, body) => {
    const res = await fetch(`${baseURL}/_actions/auth.login`, {
      method: 'POST',
      headers: { 'content-type': type, origin: baseURL },
      body,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/SyntaxError|at .+\.m?js|node_modules|dist\//);
  });
});

/** A request with any method, including those fetch refuses to send (TRACE, TRACK, CONNECT). */
function rawRequest(method: string, path: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseURL}${path}`, { method, headers: { origin: baseURL } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    // Node's client hands the answer to a CONNECT to this event instead.
    req.on('connect', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('unknown and unsafe methods', () => {
  const paths = ['/action-plan', '/_actions/auth.login', '/api/email/webhook', '/api/'];
  for (const method of ['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'DELETE']) {
    it.each(paths)(`${method} %s gets a 405`, async (path) => {
      const res = await rawRequest(method, path);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toMatch(/^GET, HEAD/);
    });
  }
});

describe('character set', () => {
  it.each([
    ['/', 200],
    ['/performance', 200],
    ['/no-such-page', 404],
    ['/action-plan?pillar=bogus', 400],
    ['/staff/login', 200],
  ])('%s is served as UTF-8', async (path, status) => {
    const res = await fetch(baseURL + path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('a 405 says its character set too', async () => {
    const res = await fetch(`${baseURL}/action-plan`, { method: 'POST', headers: { origin: baseURL } });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toMatch(/; charset=utf-8$/);
  });
});

describe('canonical URLs', () => {
  it.each([
    ['/action-plan/01', '/action-plan/1'],
    ['/action-plan/003', '/action-plan/3'],
    ['/action-plan/3/', '/action-plan/3'],
    ['/action-plan/03/', '/action-plan/3'],
    ['/wards/', '/wards'],
    ['/wards/bloomsbury/', '/wards/bloomsbury'],
    ['/action-plan/?pillar=less-crime&borough=camden', '/action-plan?pillar=less-crime&borough=camden'],
    ['/action-plan/01?from=leaflet', '/action-plan/1?from=leaflet'],
  ])('%s redirects permanently to %s', async (from, to) => {
    const res = await fetch(baseURL + from, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(to);
  });

  it('/action-plan/0 and /action-plan/1.0 are still not found', async () => {
    for (const path of ['/action-plan/0', '/action-plan/00', '/action-plan/1.0']) {
      expect((await fetch(baseURL + path, { redirect: 'manual' })).status, path).toBe(404);
    }
  });
});

describe('the guardian’s thank-you page', () => {
  it('opened without an answer sends the visitor to the guardian’s page: it claims nothing about an application', async () => {
    for (const path of ['/get-involved/guardian/done', '/get-involved/guardian/done?answer=maybe']) {
      const res = await fetch(baseURL + path, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(new URL(res.headers.get('location') ?? '', baseURL).pathname).toBe('/get-involved/guardian');
    }
  });
});

describe("Astro's image endpoint", () => {
  it.each(['/_image?href=/favicon.svg', '/_image?href=https://example.org/a.png&w=100&f=png', '/_image'])(
    '%s is not found',
    async (path) => {
      const res = await fetch(baseURL + path);
      expect(res.status).toBe(404);
    },
  );
});
