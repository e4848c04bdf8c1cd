// Requests the portal refuses or redirects before any page runs: methods it does not serve, and
// URLs that have a canonical spelling. Pure functions (unit-tested) plus the two hooks the Node
// adapter's server calls (wired in astro.config.mjs) for what never reaches Astro: methods the
// WHATWG Request refuses to represent (TRACE, TRACK, CONNECT) used to end in a 500 and a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './http-headers.ts';

/** Every method any route answers. Pages take GET and HEAD, and POST only naming an action. */
export const SERVED_METHODS = ['GET', 'HEAD', 'POST'] as const;
export const ALLOW_ANY_ROUTE = SERVED_METHODS.join(', ');

export function isServedMethod(method: string): boolean {
  return (SERVED_METHODS as readonly string[]).includes(method);
}

/**
 * The canonical path for a public URL, or the same path when it already is: no trailing slash
 * (except the root), action numbers without leading zeros (`/action-plan/01` → `/action-plan/1`).
 */
export function canonicalPath(pathname: string): string {
  let path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
  const padded = /^\/action-plan\/0+([1-9]\d?)$/.exec(path);
  if (padded) path = `/action-plan/${padded[1]}`;
  return path;
}

/** HTML without a declared character set gets UTF-8 (what every page is written in). */
export function withCharset(contentType: string | null): string | null {
  if (!contentType || /charset=/i.test(contentType)) return contentType;
  return /^text\/(html|plain)\b/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
}

const METHOD_NOT_ALLOWED = 'Method not allowed';

/** Node adapter hook: answers 405 to a method no route serves, before Astro sees it. */
export function refuseUnservedMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (isServedMethod(req.method ?? '')) return false;
  res.writeHead(405, {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    Allow: ALLOW_ANY_ROUTE,
    'Cache-Control': 'no-store',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(METHOD_NOT_ALLOWED),
  });
  res.end(req.method === 'HEAD' ? undefined : METHOD_NOT_ALLOWED);
  return true;
}

/** Node adapter hook: CONNECT never reaches a request handler; without this Node drops the socket. */
export function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOW_ANY_ROUTE}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(METHOD_NOT_ALLOWED)}\r\nConnection: close\r\n\r\n${METHOD_NOT_ALLOWED}`,
  );
}

const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_INVALID_METHOD: '405 Method Not Allowed',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/**
 * Node adapter hook: a request Node's parser refuses, or one not received in time (408, see
 * request-timeouts.ts). Node answers a bare 400 by itself; a method it does not know (TRACK, say) gets
 * a 405 like any other method no route serves. As Node's own answer, never written into a response
 * already under way: that connection is only closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's parser reports the same error again for each piece of the request that still arrives:
  // answered once, the connection is left to linger and close.
  if (answered.has(socket)) return;
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  const allow = status.startsWith('405') ? `Allow: ${ALLOW_ANY_ROUTE}\r\n` : '';
  const answer = `HTTP/1.1 ${status}\r\n${allow}Content-Length: 0\r\nConnection: close\r\n\r\n`;
  // A request cut short may have a handler waiting for the rest of its body: end it with the
  // connection, once the answer is out, rather than let it read what the client sends next.
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') socket.end(answer, () => socket.destroy());
  else {
    answered.add(socket);
    socket.end(answer);
    lingerThenClose(socket);
  }
}

/** Connections already answered with an error, lingering until they close. */
const answered = new WeakSet<Duplex>();

/** How long a refused connection keeps reading what its client is still sending. */
const LINGER_MS = 2_000;

/**
 * A lingering close, as nginx makes one: a client still sending (the rest of a 2 MB query string)
 * when the answer goes out would meet a closed socket, and the reset the kernel sends then can
 * arrive before the client has read the answer, which it then never sees. Reading and discarding
 * what comes for a moment lets the answer be read; then the connection is closed whatever happens.
 */
function lingerThenClose(socket: Duplex): void {
  socket.on('data', () => undefined);
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * Node adapter hook, for each new connection: a response that closes its connection (a refused
 * request's, with `Connection: close`) while the client is still sending its body closes it
 * lingering. Node's own close destroys the socket as soon as the answer is out; the kernel then
 * resets a connection with unread bytes, and a client still writing its 2 MB body meets the reset (or
 * a broken pipe) before it reads the answer. Measured on the built server: 5 of 30 such posts to a
 * page got no answer before this, 0 of 30 after.
 */
export function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = function destroySoonLingering(this: Socket) {
    if (this.writable) this.end();
    const close = () => {
      if (this.readableEnded || this.destroyed) this.destroy();
      else {
        // The server's parser stops reading this connection: nothing more is answered on it.
        this.removeAllListeners('data');
        lingerThenClose(this);
      }
    };
    if (this.writableFinished) close();
    else this.once('finish', close);
  };
}

/**
 * The server could not listen (the port is taken, or not ours to use): say so and exit, rather than
 * keep running without serving anything. Other server errors are left to the adapter.
 */
export function exitOnListenError(
  error: Error & { code?: string; syscall?: string; port?: number; address?: string },
  exit: (code: number) => void = (code) => process.exit(code),
  write: (line: string) => void = (line) => process.stderr.write(line),
): void {
  if (error.syscall !== 'listen') return;
  const where = `${error.address ?? 'localhost'}:${error.port ?? process.env.PORT ?? ''}`;
  const why =
    error.code === 'EADDRINUSE'
      ? `${where} is already in use: stop the program using it, or start the portal with another PORT.`
      : `The portal cannot listen on ${where} (${error.code ?? error.message}).`;
  write(`${why}\n`);
  exit(1);
}

/** Whether a request carries a body (a length above zero, or a chunked one). */
export function hasBody(request: { headers: Headers }): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return request.headers.has('transfer-encoding');
}
