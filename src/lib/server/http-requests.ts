// Requests the portal refuses or redirects before any page runs: methods it does not serve, and
// URLs that have a canonical spelling. Pure functions (unit-tested) plus the two hooks the Node
// adapter's server calls (wired in astro.config.mjs) for what never reaches Astro: methods the
// WHATWG Request refuses to represent (TRACE, TRACK, CONNECT) used to end in a 500 and a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * Node adapter hook: a request Node's parser refuses. Node answers a bare 400 by itself; a method it
 * does not know (TRACK, say) gets a 405 like any other method no route serves.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
  const allow = status.startsWith('405') ? `Allow: ${ALLOW_ANY_ROUTE}\r\n` : '';
  socket.end(`HTTP/1.1 ${status}\r\n${allow}Content-Length: 0\r\nConnection: close\r\n\r\n`);
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
