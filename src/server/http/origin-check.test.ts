import { describe, expect, it } from 'vitest';
import {
  isForbiddenCrossSiteRequest,
  isOneClickUnsubscribe,
  isOneClickUnsubscribePath,
  type OriginCheckInput,
} from './origin-check.ts';

const site = 'https://portal.example';
const base: OriginCheckInput = {
  method: 'POST',
  origin: site,
  contentType: 'application/x-www-form-urlencoded',
  siteOrigin: site,
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

  it('exempts exactly a POST to the one-click unsubscribe endpoint with a well-formed token and no query', () => {
    const token = 'a'.repeat(32);
    const at = (method: string, path: string) => isOneClickUnsubscribePath(method, new URL(path, site));
    expect(at('POST', `/api/newsletters/unsubscribe/${token}`)).toBe(true);
    expect(at('PUT', `/api/newsletters/unsubscribe/${token}`)).toBe(false);
    expect(at('POST', `/api/newsletters/unsubscribe/${token}?_action=auth.login`)).toBe(false);
    expect(at('POST', `/api/newsletters/unsubscribe/${token}?`)).toBe(true);
    expect(at('POST', `/api/newsletters/unsubscribe/${token}/x`)).toBe(false);
    expect(at('POST', '/api/newsletters/unsubscribe/short')).toBe(false);
    expect(at('POST', `/newsletters/preferences/${token}`)).toBe(false);
    expect(at('POST', `/_actions/newsletters.unsubscribe`)).toBe(false);
    expect(at('POST', `/api/email/webhook`)).toBe(false);
  });

  describe('the one-click body (RFC 8058)', () => {
    const url = new URL(`/api/newsletters/unsubscribe/${'b'.repeat(32)}`, site);
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      isOneClickUnsubscribe(new Request(url, { method: 'POST', body, headers }), url);
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '26' };

    it('is List-Unsubscribe=One-Click, urlencoded or multipart, and nothing else', async () => {
      expect(await post('List-Unsubscribe=One-Click', form)).toBe(true);
      const multipart = new FormData();
      multipart.set('List-Unsubscribe', 'One-Click');
      expect(await post(multipart)).toBe(true);
      expect(
        await post('List-Unsubscribe=One-Click&_action=auth.login', { ...form, 'content-length': '45' }),
      ).toBe(false);
      expect(await post('List-Unsubscribe=Yes', { ...form, 'content-length': '20' })).toBe(false);
      expect(await post('email=a%40example.org', { ...form, 'content-length': '21' })).toBe(false);
      expect(await post('List-Unsubscribe=One-Click', { ...form, 'content-type': 'text/plain' })).toBe(false);
    });

    it('refuses a body longer than 1 KB, declared or not', async () => {
      const long = `List-Unsubscribe=One-Click&x=${'y'.repeat(2000)}`;
      expect(await post('List-Unsubscribe=One-Click', { ...form, 'content-length': '5000' })).toBe(false);
      expect(await post(long, { 'content-type': form['content-type'] })).toBe(false);
      expect(await post('List-Unsubscribe=One-Click', { 'content-type': form['content-type'] })).toBe(true);
    });

    it('never passes another path or a query', async () => {
      const other = new URL(`${url.href}?_action=auth.login`);
      const req = new Request(other, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: form });
      expect(await isOneClickUnsubscribe(req, other)).toBe(false);
    });
  });
});
