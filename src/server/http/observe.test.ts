import { describe, expect, it } from 'vitest';
import { ROUTE_KINDS } from '../node/metrics.ts';
import { requestIdFrom } from '../node/request-context.ts';
import { routeKind } from './observe.ts';

describe('routeKind', () => {
  it('puts every request in one of a few kinds, whatever its URL', () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', '/', undefined, 'content_page'],
      ['GET', '/wards/holloway?x=1', undefined, 'content_page'],
      ['GET', '/wards/holloway', 'hit', 'cache_hit'],
      ['GET', '/wards/holloway', 'miss', 'content_page'],
      ['POST', '/report/what?_action=report.what', undefined, 'form_action'],
      ['POST', '/_actions/planUpdates.preview', undefined, 'form_action'],
      ['GET', '/staff', undefined, 'staff_page'],
      ['GET', '/staff/concerns/export.csv', undefined, 'staff_page'],
      ['POST', '/api/email/webhook', undefined, 'api'],
      ['GET', '/api/newsletters/rss.xml', undefined, 'api'],
      ['GET', '/_astro/index.abc123.css', undefined, 'static'],
      ['GET', '/favicon.svg', undefined, 'static'],
      ['GET', '/health/ready', undefined, 'health'],
    ];
    for (const [method, url, xCache, kind] of cases) expect(routeKind(method, url, xCache), url).toBe(kind);
    const junk = ['/%00', `/${'a'.repeat(5000)}`, '/x.y.z?z', '//..//'];
    for (const url of junk) expect(ROUTE_KINDS).toContain(routeKind('GET', url, undefined));
  });
});

describe('requestIdFrom', () => {
  it("keeps the proxy's id when it is a short plain token, and makes one otherwise", () => {
    expect(requestIdFrom('0f3a9c1d2e4b5a6978877665544332211')).toBe('0f3a9c1d2e4b5a6978877665544332211');
    for (const bad of [
      undefined,
      '',
      'short',
      'a b c d e f g h',
      'x'.repeat(65),
      '<script>alert(1)</script>',
      ['abcdefgh', 'abcdefgh'],
    ]) {
      const id = requestIdFrom(bad as string | string[] | undefined);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
