// Starts the built portal once for the browser suite: a fresh embedded database in a temporary
// directory, migrated and seeded, then `node dist/server/entry.mjs` on a free port, on a copy of it.
// Staff fixtures are written before the server starts (tests/e2e/fixtures.ts). Tests that need a
// server of their own copy the same prepared database (server.ts, prepareDatabase).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  copyDatabase,
  freePort,
  makeDatabase,
  type PreparedDatabase,
  stopServer,
  waitUntilUp,
} from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    fixtures: import('./fixtures.ts').Fixtures;
    preparedDatabase: PreparedDatabase;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/server/entry.mjs')) {
    throw new Error('No build found: run `npm run build` before the browser tests.');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-'));
  // Made once; the suite's server and every test's own server run on copies of it.
  const made = makeDatabase(path.join(dir, 'prepared'));
  const { fixtures } = made;
  project.provide('fixtures', fixtures);
  project.provide('preparedDatabase', { dataDir: made.env.PGLITE_DATA_DIR as string, fixtures });
  const env = { ...made.env, PGLITE_DATA_DIR: path.join(dir, 'suite') };
  copyDatabase(made.env.PGLITE_DATA_DIR as string, env.PGLITE_DATA_DIR);

  const port = await freePort();
  const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${baseURL}/`, server);
  project.provide('baseURL', baseURL);

  return async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  };
}
