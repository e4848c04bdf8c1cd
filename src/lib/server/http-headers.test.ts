import { describe, expect, it } from 'vitest';
import {
  type CacheInput,
  CONTENT_SECURITY_POLICY,
  cacheControlFor,
  NO_STORE,
  PUBLIC_CACHE,
  SECURITY_HEADERS,
} from './http-headers.ts';

const page: CacheInput = {
  method: 'GET',
  pathname: '/action-plan',
  status: 200,
  setsCookie: false,
  private: false,
  existing: null,
};

describe('Content-Security-Policy', () => {
  it('allows no inline or remote script, no framing and no plugins', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
  it('is one of a full set of security headers', () => {
    expect(Object.keys(SECURITY_HEADERS)).toEqual(
      expect.arrayContaining([
        'Content-Security-Policy',
        'Strict-Transport-Security',
        'X-Content-Type-Options',
        'Referrer-Policy',
      ]),
    );
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
});
