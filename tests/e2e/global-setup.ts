// Starts the built portal once for the browser suite: a fresh embedded database in a temporary
// directory, migrated and seeded, then `node dist/server/entry.mjs` on a free port.
// Staff fixtures are written before the server starts (tests/e2e/fixtures.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, waitUntilUp } from './server.ts';

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
  const env = {
    ...process.env,
    DATABASE_URL: '',
    PGLITE_DATA_DIR: path.join(dir, 'pglite'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  const setupRun = spawnSync(process.execPath, ['--experimental-strip-types', 'db/cli.ts', 'setup'], {
    env,
    encoding: 'utf8',
  });
  if (setupRun.status !== 0) throw new Error(`Database setup failed: ${setupRun.stderr}`);
  const fixtureRun = spawnSync(process.execPath, ['--experimental-strip-types', 'tests/e2e/fixtures.ts'], {
    env,
    encoding: 'utf8',
  });
  if (fixtureRun.status !== 0) throw new Error(`Fixtures failed: ${fixtureRun.stderr}`);
  project.provide('fixtures', JSON.parse(fixtureRun.stdout));

  const port = await freePort();
  const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${baseURL}/`, server);
  project.provide('baseURL', baseURL);

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  };
}
