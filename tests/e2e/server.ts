// Starting the built server for browser tests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Fixtures } from './fixtures.ts';

/** The environment of a built server on the embedded database in `dir`. */
function databaseEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    PGLITE_DATA_DIR: path.join(dir, 'pglite'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
}

/** A database made once for the run, which every test's own database is a copy of. */
export interface PreparedDatabase {
  dataDir: string;
  fixtures: Fixtures;
}

/**
 * A fresh embedded database in `dir`, migrated, seeded and given the staff fixtures; returns the
 * environment a server on it needs. Only one process may open it, so this runs before the server.
 * Made once a run, by global-setup.ts (about 14 s at load 8); tests take copies (prepareDatabase).
 */
export function makeDatabase(dir: string): { env: NodeJS.ProcessEnv; fixtures: Fixtures } {
  const env = databaseEnv(dir);
  const node = (script: string, ...args: string[]) => {
    const run = spawnSync(process.execPath, ['--experimental-strip-types', script, ...args], {
      env,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
    return run.stdout;
  };
  node('db/cli.ts', 'setup');
  return { env, fixtures: JSON.parse(node('tests/e2e/fixtures.ts')) };
}

/**
 * A database of the test's own in `dir`: a copy of the run's prepared one (the same seed, staff and
 * sign-ins as the suite's server), for a server of its own; returns its environment.
 */
export function prepareDatabase(dir: string): { env: NodeJS.ProcessEnv; fixtures: Fixtures } {
  const prepared = inject('preparedDatabase');
  const env = databaseEnv(dir);
  copyDatabase(prepared.dataDir, env.PGLITE_DATA_DIR as string);
  return { env, fixtures: prepared.fixtures };
}

/**
 * An embedded database's data directory and, beside it, the app secret made for it
 * (`<dir>.secret`, src/server/node/app-secret.ts): without it the copy's sealed values do not open.
 */
export function copyDatabase(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  cpSync(`${from}.secret`, `${to}.secret`);
}

/** Stops a server started with `spawn` and waits until it has exited. */
export async function stopServer(server: ChildProcess): Promise<void> {
  server.kill('SIGTERM');
  // Gone already (exited, or killed by a signal): 'exit' will not come again.
  await new Promise((r) =>
    server.exitCode !== null || server.signalCode !== null ? r(null) : server.once('exit', r),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitUntilUp(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not answer at ${url} within 30 s`);
}

/**
 * A built server on a fresh embedded database of its own (for tests whose limits or data must touch
 * no other test), with the email worker off and everything it writes kept for the test to read.
 */
export async function startOwnServer(
  prefix: string,
  /** `emailWorker`: deliver to the local mailbox (read it with mailbox.ts and this server's admin). */
  { emailWorker = false }: { emailWorker?: boolean } = {},
): Promise<{
  baseURL: string;
  fixtures: Fixtures;
  output: () => string;
  /** Stops the server; `inspect` may then open its database (the data directory) before it is removed. */
  stop: (inspect?: (dataDir: string) => Promise<void>) => Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const prepared = prepareDatabase(dir);
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...prepared.env, HOST: '127.0.0.1', PORT: String(port), EMAIL_WORKER: emailWorker ? 'on' : 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    output += b.toString();
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  await waitUntilUp(`${baseURL}/`, server);
  return {
    baseURL,
    fixtures: prepared.fixtures,
    output: () => output,
    stop: async (inspect) => {
      await stopServer(server);
      try {
        await inspect?.(prepared.env.PGLITE_DATA_DIR as string);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
