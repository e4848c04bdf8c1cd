// The request a log line belongs to. The Node adapter's server runs each request inside
// `withRequestContext` (src/server/http/observe.ts), and the logger adds its id to every line
// written while the request is handled, however deep the code that writes it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

const store = new AsyncLocalStorage<RequestContext>();

/** Short token characters only: nginx's `$request_id` is 32 hex digits; a UUID fits too. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The proxy's request id when it is a plain short token; otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function withRequestContext<T>(context: RequestContext, run: () => T): T {
  return store.run(context, run);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
