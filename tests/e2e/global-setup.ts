// Starts the built portal once for the browser suite: a fresh embedded database in a temporary
// directory, migrated and seeded, then `node dist/server/entry.mjs` on a free port.
// Staff fixtures are written before the server starts (tests/e2e/fixtures.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, prepareDatabase, stopServer, waitUntilUp } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    fixtures: import('./fixtures.ts').Fixtures;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/server/entry.mjs')) {
    throw new Error('No build found: run `npm run build` before the browser tests.');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-'));
  const { env, fixtures } = prepareDatabase(dir);
  project.provide('fixtures', fixtures);

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
