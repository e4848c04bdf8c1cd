// What the fault tests share: a fresh seeded PostgreSQL database, built-server instances and
// `npm run worker` processes on it, each with its output kept, and stopping them with the time it took.
// PostgreSQL only (TEST_DATABASE_URL); the build must exist (`npm run build`).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDatabase } from '../../db/seed.ts';
import { writeNginxConf } from '../../scripts/nginx-conf.ts';
import { freePort } from '../e2e/server.ts';
import { TEST_SECRET } from '../helpers/staff.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

export const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
export const SKIP_REASON = 'needs PostgreSQL (TEST_DATABASE_URL) and a build (npm run build)';
export const CAN_RUN = ON_POSTGRES && existsSync('dist/server/entry.mjs');
const NGINX = '/usr/sbin/nginx';
export const HAS_NGINX = existsSync(NGINX);

/** A fresh migrated and seeded database of its own. */
export async function seededDatabase(): Promise<TestDb> {
  const t = await createTestDb();
  await seedDatabase(t.db);
  return t;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function run(args: string[], env: NodeJS.ProcessEnv, command = process.execPath): Proc {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, output: () => out, exited };
}

/** The environment every process of one deployment shares. */
export function deploymentEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    APP_SECRET: Buffer.from(TEST_SECRET).toString('base64'),
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'warn',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...extra,
  };
}

export interface Instance extends Proc {
  base: string;
}

/** A built-server instance on a free port, once /health/ready answers 200. */
export async function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  const port = await freePort();
  const proc = run(['dist/server/entry.mjs'], { ...env, HOST: '127.0.0.1', PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`The instance exited:\n${proc.output()}`);
    const status = await fetch(`${base}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { ...proc, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.child.kill('SIGKILL');
  throw new Error(`The instance at ${base} was not ready within 60 s:\n${proc.output()}`);
}

/** `npm run worker` (node src/worker.ts) as its own process. */
export function startWorker(env: NodeJS.ProcessEnv): Proc {
  return run(['--experimental-strip-types', 'src/worker.ts'], env);
}

/** SIGKILLs whatever of these is still running (afterAll). */
export function killAll(procs: (Proc | undefined)[]): Promise<unknown> {
  return Promise.all(
    procs.map((p) => {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return undefined;
      p.child.kill('SIGKILL');
      return p.exited;
    }),
  );
}

/**
 * nginx with the repository's deploy/nginx/portal.conf in front of these instances, on a free port,
 * once it answers. Its files (and access log) in a temp dir of its own.
 */
export async function startNginx(instances: Instance[]): Promise<Instance> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cn-nginx-'));
  const port = await freePort();
  const conf = writeNginxConf(dir, {
    upstreams: instances.map((i) => ({ port: Number(new URL(i.base).port) })),
    listen: `127.0.0.1:${port}`,
    logDir: dir,
  });
  const proc = run(['-p', dir, '-c', conf], process.env, NGINX);
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if (proc.child.exitCode !== null) throw new Error(`nginx exited:\n${proc.output()}`);
    if (
      (await fetch(`${base}/`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return { ...proc, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.child.kill('SIGKILL');
  throw new Error(`nginx at ${base} did not answer within 10 s:\n${proc.output()}`);
}
