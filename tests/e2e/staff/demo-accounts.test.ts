// The demo accounts' password and authenticator key are in the README: the built server refuses to
// serve while they exist in production or listening beyond this computer, and says how to remove them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, prepareDatabase, stopServer, waitUntilUp } from '../server.ts';

/** What production asks of the email configuration, so the server gets as far as the database. */
const PRODUCTION_EMAIL = {
  EMAIL_FROM: 'Portal <portal@example.org>',
  RESEND_API_KEY: 're_test_key',
  RESEND_WEBHOOK_SECRET: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0',
};

let dir: string;
let env: NodeJS.ProcessEnv;

function staffCli(...args: string[]): string {
  const run = spawnSync(
    process.execPath,
    ['--experimental-strip-types', 'src/cli/staff.ts', 'demo', ...args],
    {
      env,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`staff.ts demo failed: ${run.stderr}`);
  return run.stdout;
}

function spawnServer(extra: NodeJS.ProcessEnv) {
  let output = '';
  const merged: NodeJS.ProcessEnv = { ...env, EMAIL_WORKER: 'off', ...extra };
  if (!('HOST' in extra)) delete merged.HOST;
  const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (b: Buffer) => {
    output += b.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
  return { server, exited, output: () => output };
}

/** The server exits (within 20 s) instead of serving: its exit code and what it said. */
async function refusal(extra: NodeJS.ProcessEnv): Promise<{ exit: number | null; output: string }> {
  const s = spawnServer({ ...extra, PORT: String(await freePort()) });
  const timeout = new Promise<'running'>((r) => setTimeout(() => r('running'), 20_000));
  const exit = await Promise.race([s.exited, timeout]);
  if (exit === 'running') {
    await stopServer(s.server);
    return { exit: null, output: s.output() };
  }
  return { exit, output: s.output() };
}

/** The server answers and is still running once the database has been opened and checked. */
async function serves(extra: NodeJS.ProcessEnv): Promise<boolean> {
  const port = await freePort();
  const s = spawnServer({ ...extra, PORT: String(port) });
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/`, s.server);
    await fetch(`http://127.0.0.1:${port}/action-plan`); // a page that needs the database
    await new Promise((r) => setTimeout(r, 1000));
    return s.server.exitCode === null;
  } finally {
    await stopServer(s.server);
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-demo-'));
  env = prepareDatabase(dir).env;
  staffCli();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo accounts', () => {
  it('are served on loopback outside production', async () => {
    expect(await serves({ HOST: '127.0.0.1' })).toBe(true);
  }, 40_000);

  it('stop a server listening beyond loopback, or in production, with a message saying how to remove them', async () => {
    for (const extra of [
      { HOST: '0.0.0.0' },
      {}, // HOST unset: the adapter listens on every interface (security review 2, item 6)
      { HOST: '127.0.0.1', NODE_ENV: 'production', ...PRODUCTION_EMAIL },
    ]) {
      const r = await refusal(extra);
      expect(r.exit, JSON.stringify(extra)).toBe(1);
      expect(r.output).toContain('npm run staff:demo -- --remove');
      expect(r.output).toContain('demo-admin@example.org');
    }
  }, 80_000);

  it('once removed, let the server start anywhere', async () => {
    expect(staffCli('--remove')).toContain('Removed 2 demo accounts');
    expect(await serves({ HOST: '0.0.0.0' })).toBe(true);
  }, 40_000);
});
