import { describe, expect, it } from 'vitest';
import { resolveClientAddress } from './client-address.ts';

describe('client address', () => {
  it('is the connection’s when no proxy is trusted, whatever the headers say', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9');
    expect(resolveClientAddress('203.0.113.9', null, 0)).toBe('203.0.113.9');
  });
  it('behind one proxy, is the address that proxy appended, not what the client wrote', () => {
    expect(resolveClientAddress('10.0.0.2', '203.0.113.10', 1)).toBe('203.0.113.10');
    expect(resolveClientAddress('10.0.0.2', '1.2.3.4, 203.0.113.10', 1)).toBe('203.0.113.10');
  });
  it('behind two proxies, is the second address from the right', () => {
    expect(resolveClientAddress('10.0.0.2', 'spoofed, 203.0.113.10 , 198.51.100.7', 2)).toBe('203.0.113.10');
    expect(resolveClientAddress('10.0.0.2', '2001:db8::1, 198.51.100.7', 2)).toBe('2001:db8::1');
  });
  it('falls back to the connection when the header is short, missing or not an address', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7', 2)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', null, 1)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', 'evil<script>', 1)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
  });
});
