import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IMAGE_HOSTS } from '../../lib/image-hosts.ts';
import {
  type CacheInput,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  cacheControlFor,
  keepPresentHashes,
  NO_STORE,
  PUBLIC_CACHE,
  SECURITY_HEADERS,
  servePublicly,
  withSecurityHeaders,
} from './http-headers.ts';

const page: CacheInput = {
  method: 'GET',
  pathname: '/action-plan',
  status: 200,
  setsCookie: false,
  private: false,
  existing: null,
  publicEndpoint: false,
};

describe('Content-Security-Policy', () => {
  it('allows no inline or remote script, no framing and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    // The only remote sources: newsletter images from the listed hosts (src/lib/image-hosts.ts).
    const remote = CONTENT_SECURITY_POLICY.split('; ').filter((d) => /https?:/.test(d));
    expect(remote).toEqual([`img-src 'self' data: ${IMAGE_HOSTS.map((h) => `https://${h}`).join(' ')}`]);
  });
  it('gives Astro every directive but the two it writes with hashes', () => {
    const names = CSP_DIRECTIVES.map((d) => d.split(' ')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['default-src', 'frame-ancestors', 'base-uri', 'object-src', 'form-action']),
    );
    expect(names).not.toContain('script-src');
    expect(names).not.toContain('style-src');
    for (const d of CSP_DIRECTIVES) expect(CONTENT_SECURITY_POLICY).toContain(d);
  });
  it('is one of a full set of security headers', () => {
    expect(Object.keys(SECURITY_HEADERS)).toEqual(
      expect.arrayContaining(['Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy']),
    );
  });
  it('keeps the hashed policy Astro sent with a page, and adds the plain one where there is none', () => {
    const hashed = `${CSP_DIRECTIVES.join(';')}; script-src 'self' 'sha256-abc='; style-src 'self';`;
    const page = new Headers({ 'Content-Security-Policy': hashed });
    withSecurityHeaders(page);
    expect(page.get('Content-Security-Policy')).toBe(hashed);
    const endpoint = new Headers();
    withSecurityHeaders(endpoint);
    expect(endpoint.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(endpoint.get('X-Frame-Options')).toBe('DENY');
  });
});

describe('cacheControlFor', () => {
  it('lets shared caches keep public pages', () => {
    expect(cacheControlFor(page)).toBe(PUBLIC_CACHE);
    expect(PUBLIC_CACHE).toContain('s-maxage=60');
  });
  it('never stores a response that sets a cookie or is marked private', () => {
    expect(cacheControlFor({ ...page, setsCookie: true })).toBe(NO_STORE);
    expect(cacheControlFor({ ...page, private: true })).toBe(NO_STORE);
  });
  it('never stores staff pages, even when a handler asked otherwise', () => {
    expect(cacheControlFor({ ...page, pathname: '/staff' })).toBe(NO_STORE);
    expect(cacheControlFor({ ...page, pathname: '/staff/audit', existing: 'public, max-age=600' })).toBe(
      NO_STORE,
    );
    expect(cacheControlFor({ ...page, pathname: '/staffroom' })).toBe(PUBLIC_CACHE);
  });
  it('does not cache posts or errors', () => {
    expect(cacheControlFor({ ...page, method: 'POST' })).toBe(NO_STORE);
    expect(cacheControlFor({ ...page, status: 500 })).toBe(NO_STORE);
    expect(cacheControlFor({ ...page, status: 400 })).toBe(NO_STORE);
  });
  it('keeps a handler’s own choice on public paths', () => {
    expect(cacheControlFor({ ...page, existing: 'public, max-age=3600' })).toBe('public, max-age=3600');
  });
  it('never stores /api/ answers unless the endpoint opts in', () => {
    const webhook = { ...page, pathname: '/api/email/webhook' };
    expect(cacheControlFor(webhook)).toBe(NO_STORE);
    expect(cacheControlFor({ ...webhook, pathname: '/api' })).toBe(NO_STORE);
    // A Cache-Control the handler (or a library) set is not an opt-in.
    expect(cacheControlFor({ ...webhook, existing: 'public, max-age=600' })).toBe(NO_STORE);
    expect(cacheControlFor({ ...page, pathname: '/apiary' })).toBe(PUBLIC_CACHE);
  });
  it('caches an opted-in public endpoint like a page, and only its successful GETs', () => {
    const locals: { publicEndpoint?: boolean } = {};
    servePublicly(locals);
    const feed = {
      ...page,
      pathname: '/api/feeds/action-plan.xml',
      publicEndpoint: locals.publicEndpoint === true,
    };
    expect(cacheControlFor(feed)).toBe(PUBLIC_CACHE);
    expect(cacheControlFor({ ...feed, existing: 'public, max-age=300' })).toBe('public, max-age=300');
    expect(cacheControlFor({ ...feed, method: 'POST' })).toBe(NO_STORE);
    expect(cacheControlFor({ ...feed, status: 500 })).toBe(NO_STORE);
    expect(cacheControlFor({ ...feed, setsCookie: true })).toBe(NO_STORE);
    expect(cacheControlFor({ ...feed, private: true })).toBe(NO_STORE);
  });
  it('never lets an opt-in reach the back office', () => {
    expect(cacheControlFor({ ...page, pathname: '/staff/audit', publicEndpoint: true })).toBe(NO_STORE);
  });
});

describe('keepPresentHashes', () => {
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const runtime = '(()=>{var a=1;})();';
  const style = 'astro-island{display:contents}';
  const policy = `default-src 'self'; script-src 'self' ${hash(runtime)} ${hash('other()')}; style-src 'self' ${hash(style)}`;

  it('drops every hash from a page with no inline script or style', () => {
    const html =
      '<html><head><script type="module" src="/_astro/x.js"></script></head><body><p>Hi</p></body></html>';
    expect(keepPresentHashes(policy, html)).toBe("default-src 'self'; script-src 'self'; style-src 'self'");
  });

  it('keeps the hashes of the inline scripts and styles the page contains, and only those', () => {
    const html = `<style>${style}</style><script>${runtime}</script><SCRIPT src="/a.js"></SCRIPT>`;
    expect(keepPresentHashes(policy, html)).toBe(
      `default-src 'self'; script-src 'self' ${hash(runtime)}; style-src 'self' ${hash(style)}`,
    );
  });

  it('does not keep a hash for a script with a src whose text happens to match', () => {
    const html = `<script src="/x.js">${runtime}</script>`;
    expect(keepPresentHashes(policy, html)).not.toContain(hash(runtime));
  });

  it('leaves a policy without hashes as it is', () => {
    expect(keepPresentHashes("script-src 'self'", '<script>x()</script>')).toBe("script-src 'self'");
  });
});
