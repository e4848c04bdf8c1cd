// How long a client may take to send a request. Node's defaults let a client that sends its headers
// and then trickles its body, or stops half way, hold a connection and a request handler for five
// minutes (requestTimeout 300 s, checked every 30 s). The Node adapter's server gets these instead,
// before it listens (wired in src/server/build/node-adapter-patch.mjs); a request not received in
// time is answered 408 and its connection closed (answerClientError in http-requests.ts). The time a
// page takes to render does not count: only receiving the request does.
import type { Server } from 'node:http';

/** The whole request, headers and body. No form is more than a few kilobytes. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The headers alone (a few hundred bytes). */
export const HEADERS_TIMEOUT_MS = 15_000;
/** How often Node checks both (its default, 30 s, lets a request run that much over). */
export const TIMEOUT_CHECK_MS = 1_000;

export interface RequestTimeouts {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
}

/**
 * The timeouts: `HTTP_REQUEST_TIMEOUT_MS` (1,000–300,000; tests use a short one) replaces the
 * request's, and the headers' is never longer. Anything else in it is ignored.
 */
export function requestTimeouts(env: Record<string, string | undefined> = process.env): RequestTimeouts {
  const configured = Number(env.HTTP_REQUEST_TIMEOUT_MS);
  const requestTimeout =
    Number.isInteger(configured) && configured >= 1_000 && configured <= 300_000
      ? configured
      : REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
}

/** Node adapter hook: sets the timeouts on its server before it listens (Node reads the interval then). */
export function limitSlowRequests(
  server: Server,
  env: Record<string, string | undefined> = process.env,
): void {
  const timeouts = requestTimeouts(env);
  server.requestTimeout = timeouts.requestTimeout;
  server.headersTimeout = timeouts.headersTimeout;
  // Not in @types/node as a property, but what Node's server reads when it starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    timeouts.connectionsCheckingInterval;
}
