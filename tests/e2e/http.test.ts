// The HTTP contract of public pages: security headers, shared-cache friendly, nothing per visitor,
// and the origin check on form posts.
import { describe, expect, inject, it } from 'vitest';

const baseURL = inject('baseURL');

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
