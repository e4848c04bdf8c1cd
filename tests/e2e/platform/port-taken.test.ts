// A built server whose port is already taken says so and exits, instead of running on silently
// (a newcomer's `npm start` looked as if it hung when something else had port 4321); one configured
// for PostgreSQL without the settings a deployment needs refuses to start, instead of answering 500
// to the first resident whose form sends an email.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('exits with code 1 and a plain message when its port is taken', async () => {
  const squatter = createServer().listen(0, '127.0.0.1');
  await once(squatter, 'listening');
  const { port } = squatter.address() as { port: number };
  try {
    const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        PGLITE_DATA_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'cn-port-')), 'pglite'),
        EMAIL_WORKER: 'off',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const [code] = await once(server, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain(`127.0.0.1:${port} is already in use`);
    expect(stderr).toContain('another PORT');
    expect(stderr, 'no stack trace').not.toMatch(/\bat \S+:\d+:\d+/);
  } finally {
    squatter.close();
  }
}, 30_000);

it('exits with code 1 when PostgreSQL is configured without PUBLIC_BASE_URL', async () => {
  const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: 'postgres://portal:not-a-real-password@127.0.0.1:1/none',
      APP_SECRET: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_BASE_URL: '',
      EMAIL_WORKER: 'off',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [server.stdout, server.stderr])
    stream?.on('data', (b: Buffer) => {
      output += b.toString();
    });
  const [code] = await once(server, 'exit');
  expect(code).toBe(1);
  expect(output).toContain('Invalid configuration; not starting');
  expect(output).toContain('PUBLIC_BASE_URL is required when DATABASE_URL is set');
}, 30_000);
