import { describe, expect, it } from 'vitest';
import { viewIntent } from './view-intent.ts';

const ORIGIN = 'https://portal.example.org';
const intent = (headers: Record<string, string>) => viewIntent(new Headers(headers), ORIGIN);

describe('viewIntent', () => {
  it('counts a link in the back office, a typed address and a bookmark as chosen', () => {
    expect(intent({ 'sec-fetch-site': 'same-origin', referer: `${ORIGIN}/staff` })).toBe('chosen');
    expect(intent({ 'sec-fetch-site': 'none' })).toBe('chosen');
  });
  it('does not count prefetches, whatever started them', () => {
    expect(intent({ 'sec-purpose': 'prefetch', 'sec-fetch-site': 'same-origin' })).toBe('prefetch');
    expect(intent({ 'sec-purpose': 'prefetch;prerender', 'sec-fetch-site': 'same-origin' })).toBe('prefetch');
    expect(intent({ purpose: 'prefetch' })).toBe('prefetch');
  });
  it('does not count a navigation another site started, even a sister subdomain', () => {
    expect(intent({ 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/' })).toBe('foreign');
    expect(intent({ 'sec-fetch-site': 'same-site', referer: 'https://blog.example.org/' })).toBe('foreign');
    // The header decides: a forged-looking Referer does not turn a cross-site request into ours.
    expect(intent({ 'sec-fetch-site': 'cross-site', referer: `${ORIGIN}/staff` })).toBe('foreign');
  });
  it('without Sec-Fetch-Site, goes by the Referer: absent or ours is chosen', () => {
    expect(intent({})).toBe('chosen');
    expect(intent({ referer: `${ORIGIN}/staff/emails` })).toBe('chosen');
    expect(intent({ referer: 'https://evil.example/page' })).toBe('foreign');
    expect(intent({ referer: 'https://portal.example.org.evil.example/' })).toBe('foreign');
    expect(intent({ referer: 'not a url' })).toBe('foreign');
  });
});
