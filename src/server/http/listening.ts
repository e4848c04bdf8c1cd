// The address the built server really listens on, reported by the Node adapter's server (the
// 'listening' hook the build's patch adds: src/server/build/node-adapter-patch.mjs). Under
// `astro dev` nothing reports it, and callers fall back to the HOST setting. The server itself is
// kept for the graceful shutdown (src/server/runtime/shutdown.ts).
import type { Server } from 'node:http';

let listening: Server | undefined;

let report: (address: string) => void = () => undefined;
const reported = new Promise<string>((resolve) => {
  report = resolve;
});

/** Node adapter hook: the server is listening. */
export function recordListening(server: Server): void {
  listening = server;
  const address = server.address();
  if (address && typeof address === 'object') report(address.address);
}

/** The bound address, once the server listens; undefined if nothing reports it within `waitMs`. */
export function boundAddress(waitMs: number): Promise<string | undefined> {
  const timeout = new Promise<undefined>((resolve) => {
    const timer: unknown = setTimeout(resolve, waitMs);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([reported, timeout]);
}

/** The adapter's HTTP(S) server once it listens (graceful shutdown closes it); undefined under `astro dev`. */
export function listeningServer(): Server | undefined {
  return listening;
}
