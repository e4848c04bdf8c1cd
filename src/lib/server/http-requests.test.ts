import { describe, expect, it } from 'vitest';
import { canonicalPath, exitOnListenError, isServedMethod, withCharset } from './http-requests.ts';

describe('canonicalPath', () => {
  it.each([
    ['/', '/'],
    ['/wards/', '/wards'],
    ['/wards//', '/wards'],
    ['/action-plan/01', '/action-plan/1'],
    ['/action-plan/003/', '/action-plan/3'],
    ['/action-plan/10', '/action-plan/10'],
    ['/action-plan/0', '/action-plan/0'],
    ['/action-plan/100', '/action-plan/100'],
    ['/staff/users/', '/staff/users'],
  ])('%s → %s', (from, to) => {
    expect(canonicalPath(from)).toBe(to);
  });
});

describe('isServedMethod', () => {
  it('serves GET, HEAD and POST only', () => {
    for (const m of ['GET', 'HEAD', 'POST']) expect(isServedMethod(m)).toBe(true);
    for (const m of ['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'PUT', 'DELETE', 'OPTIONS', 'get']) {
      expect(isServedMethod(m)).toBe(false);
    }
  });
});

describe('withCharset', () => {
  it('adds UTF-8 to HTML and plain text that say nothing', () => {
    expect(withCharset('text/html')).toBe('text/html; charset=utf-8');
    expect(withCharset('text/plain')).toBe('text/plain; charset=utf-8');
    expect(withCharset('text/html; charset=iso-8859-1')).toBe('text/html; charset=iso-8859-1');
    expect(withCharset('application/json')).toBe('application/json');
    expect(withCharset(null)).toBeNull();
  });
});

describe('exitOnListenError', () => {
  const listenError = (code: string) =>
    Object.assign(new Error(`listen ${code}`), { code, syscall: 'listen', address: '127.0.0.1', port: 4321 });

  it('exits with 1 and says the port is taken', () => {
    const exits: number[] = [];
    const lines: string[] = [];
    exitOnListenError(
      listenError('EADDRINUSE'),
      (c) => exits.push(c),
      (l) => lines.push(l),
    );
    expect(exits).toEqual([1]);
    expect(lines.join('')).toBe(
      '127.0.0.1:4321 is already in use: stop the program using it, or start the portal with another PORT.\n',
    );
  });

  it('says why for another listen error', () => {
    const lines: string[] = [];
    exitOnListenError(
      listenError('EACCES'),
      () => {},
      (l) => lines.push(l),
    );
    expect(lines.join('')).toContain('cannot listen on 127.0.0.1:4321 (EACCES)');
  });

  it('leaves errors that are not about listening alone', () => {
    const exits: number[] = [];
    exitOnListenError(Object.assign(new Error('boom'), { code: 'ECONNRESET' }), (c) => exits.push(c));
    expect(exits).toEqual([]);
  });
});
