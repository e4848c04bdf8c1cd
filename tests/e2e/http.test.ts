// The HTTP contract of public pages: security headers, shared-cache friendly, nothing per visitor,
// and the origin check on form posts.
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { expectFullPolicy } from './browser.ts';

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
});

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

describe("Astro's image endpoint", () => {
  it.each(['/_image?href=/favicon.svg', '/_image?href=https://example.org/a.png&w=100&f=png', '/_image'])(
    '%s is not found',
    async (path) => {
      const res = await fetch(baseURL + path);
      expect(res.status).toBe(404);
    },
  );
});
