import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  exitOnListenError,
  hasBody,
  isServedMethod,
  lingerBeforeClosing,
  withCharset,
} from './http-requests.ts';

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

describe('hasBody', () => {
  const req = (headers: Record<string, string>) => ({ headers: new Headers(headers) });
  it('is true for a length above zero or a chunked body, false otherwise', () => {
    expect(hasBody(req({ 'content-length': '2097152' }))).toBe(true);
    expect(hasBody(req({ 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(hasBody(req({ 'content-length': '0' }))).toBe(false);
    expect(hasBody(req({}))).toBe(false);
  });
});

describe('lingerBeforeClosing', () => {
  // A real server and socket: the reset it prevents is the kernel's. The server refuses a post before
  // reading its body and closes the connection; the client goes on sending the body it declared.
  it('keeps reading a refused body after the answer, so the client can finish sending and read it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(405, { Connection: 'close', 'Content-Length': 0 });
      res.end();
    });
    server.on('connection', lingerBeforeClosing);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await new Promise<string>((resolve) => {
        // Half open, as a browser still uploading: the server's end of the answer does not end the upload.
        const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
        let received = '';
        let failure = 'no error';
        socket.on('error', (error: NodeJS.ErrnoException) => {
          failure = `error ${error.code}`;
        });
        socket.on('close', () => resolve(`${received.split('\r\n')[0]}, ${failure}`));
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 * 1024}\r\n\r\n`);
        socket.write(Buffer.alloc(16 * 1024, 'a'));
        socket.once('data', (chunk) => {
          received += chunk.toString('latin1');
          // The answer is in: the rest of the body goes out after the server has closed its side.
          setTimeout(() => {
            if (!socket.destroyed) socket.end(Buffer.alloc(1024 * 1024 - 16 * 1024, 'a'));
          }, 50);
        });
      });
      expect(outcome).toBe('HTTP/1.1 405 Method Not Allowed, no error');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
