import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSiteRequest, isOneClickUnsubscribe, type OriginCheckInput } from './origin-check.ts';

const site = 'https://portal.example';
const base: OriginCheckInput = {
  method: 'POST',
  origin: site,
  contentType: 'application/x-www-form-urlencoded',
  siteOrigin: site,
  exempt: false,
};
const forbidden = (over: Partial<OriginCheckInput>) => isForbiddenCrossSiteRequest({ ...base, ...over });

describe('isForbiddenCrossSiteRequest', () => {
  it('accepts same-origin form posts and every safe method', () => {
    expect(forbidden({})).toBe(false);
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(forbidden({ method, origin: 'https://evil.example' })).toBe(false);
  });

  it('refuses form-like posts from another origin, with no origin, or Origin: null', () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      'TEXT/PLAIN;charset=utf-8',
    ]) {
      expect(forbidden({ contentType, origin: 'https://evil.example' })).toBe(true);
      expect(forbidden({ contentType, origin: null })).toBe(true);
      expect(forbidden({ contentType, origin: 'null' })).toBe(true);
    }
    expect(forbidden({ origin: 'http://portal.example' })).toBe(true);
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      expect(forbidden({ method, origin: 'https://evil.example' })).toBe(true);
  });

  it('refuses a cross-site post with no content type, and lets JSON through to CORS as Astro did', () => {
    expect(forbidden({ contentType: null, origin: null })).toBe(true);
    expect(forbidden({ contentType: 'application/json', origin: 'https://evil.example' })).toBe(false);
  });

  it('lets only the exempt path through without an origin', () => {
    expect(forbidden({ origin: null, exempt: true })).toBe(false);
  });

  it('exempts exactly a POST to the one-click unsubscribe endpoint with a well-formed token', () => {
    const token = 'a'.repeat(32);
    expect(isOneClickUnsubscribe('POST', `/api/newsletters/unsubscribe/${token}`)).toBe(true);
    expect(isOneClickUnsubscribe('PUT', `/api/newsletters/unsubscribe/${token}`)).toBe(false);
    expect(isOneClickUnsubscribe('POST', `/api/newsletters/unsubscribe/${token}/x`)).toBe(false);
    expect(isOneClickUnsubscribe('POST', '/api/newsletters/unsubscribe/short')).toBe(false);
    expect(isOneClickUnsubscribe('POST', `/newsletters/preferences/${token}`)).toBe(false);
    expect(isOneClickUnsubscribe('POST', `/_actions/newsletters.unsubscribe`)).toBe(false);
    expect(isOneClickUnsubscribe('POST', `/api/email/webhook`)).toBe(false);
  });
});
