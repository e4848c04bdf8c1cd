import { describe, expect, it } from 'vitest';
import { clientGroup, resolveClientAddress } from './client-address.ts';

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

describe('clientGroup', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientGroup('203.0.113.9')).toBe('203.0.113.9');
  });
  it('groups IPv6 addresses by their /64, however they are written', () => {
    const group = '2001:db8:abcd:12::/64';
    expect(clientGroup('2001:db8:abcd:12::1')).toBe(group);
    expect(clientGroup('2001:0db8:ABCD:0012:ffff:eeee:dddd:cccc')).toBe(group);
    expect(clientGroup('2001:db8:abcd:12:1:2:3:4')).toBe(group);
    expect(clientGroup('[2001:db8:abcd:12::9]')).toBe(group);
    expect(clientGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientGroup('2001:db8:abcd:13::1')).not.toBe(group);
    expect(clientGroup('::1')).toBe('0:0:0:0::/64');
    expect(clientGroup('2001:db8::')).toBe('2001:db8:0:0::/64');
  });
  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(clientGroup('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientGroup('::FFFF:203.0.113.9')).toBe('203.0.113.9');
  });
  it('leaves anything that is not an address alone', () => {
    expect(clientGroup('unknown')).toBe('unknown');
    expect(clientGroup('admin-x')).toBe('admin-x');
  });
});
