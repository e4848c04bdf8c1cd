import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientError } from './http-requests.ts';
import {
  HEADERS_TIMEOUT_MS,
  limitSlowRequests,
  REQUEST_TIMEOUT_MS,
  requestTimeouts,
  TIMEOUT_CHECK_MS,
} from './request-timeouts.ts';

describe('requestTimeouts', () => {
  it('gives a request 30 s, its headers 15 s, checked every second', () => {
    expect(requestTimeouts({})).toEqual({
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    });
    expect(REQUEST_TIMEOUT_MS).toBeLessThan(300_000);
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS);
  });
  it('takes HTTP_REQUEST_TIMEOUT_MS between 1 and 300 s, the headers never longer', () => {
    expect(requestTimeouts({ HTTP_REQUEST_TIMEOUT_MS: '2000' })).toMatchObject({
      requestTimeout: 2000,
      headersTimeout: 2000,
    });
    expect(requestTimeouts({ HTTP_REQUEST_TIMEOUT_MS: '60000' }).headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    for (const bad of ['', 'soon', '999', '300001', '1500.5', '-5'])
      expect(requestTimeouts({ HTTP_REQUEST_TIMEOUT_MS: bad }).requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });
});

/** Raw bytes to the server; resolves with what came back once it closes (or after `ms`). */
function rawRequest(port: number, send: (write: (s: string) => void) => void, ms: number) {
  return new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedAfterMs: Date.now() - started });
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (b) => {
      text += b.toString('latin1');
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => send((s) => socket.write(s)));
  });
}

describe('a slow request body, on a Node server with the portal’s timeouts', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function start(): Promise<number> {
    server = createServer((req, res) => {
      // A handler that waits for the whole body, as a form action does.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`got ${Buffer.concat(chunks).length}`));
      req.on('error', () => {});
    });
    limitSlowRequests(server, { HTTP_REQUEST_TIMEOUT_MS: '1000' });
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  it('answers 408 and closes a body that stops half way, while other requests are answered', async () => {
    const port = await start();
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n';
    const stalled = rawRequest(port, (write) => write(`${head}only part`), 10_000);
    const trickle = rawRequest(
      port,
      (write) => {
        write(head);
        const every = setInterval(() => write('x'), 100);
        setTimeout(() => clearInterval(every), 5_000);
      },
      10_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const other = await rawRequest(
      port,
      (write) => write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'),
      2_000,
    );
    expect(other.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(other.text).toContain('got 2');
    for (const slow of await Promise.all([stalled, trickle])) {
      expect(slow.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(slow.text).toMatch(/\r\nConnection: close\r\n/);
      // The timeout (1 s) plus at most one check (1 s), and some slack for a busy machine.
      expect(slow.closedAfterMs).toBeLessThan(4_000);
    }
  }, 15_000);
});

describe('answerClientError', () => {
  it('never writes into a response whose headers are out: it closes the connection', () => {
    let written = '';
    let destroyed = false;
    const socket = {
      writable: true,
      _httpMessage: { headersSent: true },
      end: (s: string) => {
        written += s;
      },
      destroy: () => {
        destroyed = true;
      },
    };
    answerClientError(Object.assign(new Error('t'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket as never);
    expect(written).toBe('');
    expect(destroyed).toBe(true);
  });

  it('answers once, then reads on (a lingering close): the same error again does not reset the connection', () => {
    let written = '';
    let destroyed = false;
    const socket = Object.assign(new PassThrough(), {
      end: (s: string) => {
        written += s;
        Object.defineProperty(socket, 'writable', { value: false });
      },
      destroy: () => {
        destroyed = true;
      },
    });
    const overflow = Object.assign(new Error('h'), { code: 'HPE_HEADER_OVERFLOW' });
    answerClientError(overflow, socket as never);
    // Node's parser reports the error again for the rest of the request as it arrives.
    answerClientError(overflow, socket as never);
    expect(written).toMatch(/^HTTP\/1\.1 431 /);
    expect(destroyed).toBe(false);
    expect(socket.isPaused()).toBe(false);
  });
});
