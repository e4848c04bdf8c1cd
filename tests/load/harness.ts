// What the page benchmarks share: the build, a fresh seeded database (embedded PGlite or a new
// PostgreSQL database), the built server on a free port, child processes with their logs, and a
// cleanup that runs once whatever happens (servers stopped, bench database dropped, temp dir removed),
// also on Ctrl-C; and the CPU time of processes and of the machine, from /proc. Used by every bench.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { PUBLIC_PAGE_KINDS } from '../public-page-kinds.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where Debian's nginx is (apt-get install nginx): the benches' side-by-side server. */
export const NGINX = '/usr/sbin/nginx';
export const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** An expected failure: reported by its message only. */
export class BenchError extends Error {}

// Everything to undo, recorded as soon as it exists, so that cleanup() works from any point.
const state: { children: ChildProcess[]; tmp?: string; dbNames: string[] } = { children: [], dbNames: [] };
let cleaning: Promise<void> | undefined;
let interrupted = false;

export function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (Number.isInteger(value) && value > 0) return value;
  throw new BenchError(`${name} must be a positive integer, not "${process.env[name]}".`);
}

/** BENCH_PAGES narrows a run to some pages (comma-separated paths), to look into one of them. */
export function pagesFromEnv(): string[] {
  const pages = process.env.BENCH_PAGES
    ? process.env.BENCH_PAGES.split(',').map((p) => p.trim())
    : [...PUBLIC_PAGE_KINDS];
  if (pages.some((p) => !p.startsWith('/')))
    throw new BenchError('BENCH_PAGES lists paths that start with /, comma-separated.');
  return pages;
}

export type Database = 'pglite' | 'postgres';

/** BENCH_DATABASES: pglite and/or postgres, comma-separated. */
export function databasesFromEnv(fallback: string): Database[] {
  const databases = (process.env.BENCH_DATABASES || fallback).split(',') as Database[];
  if (databases.some((d) => d !== 'pglite' && d !== 'postgres'))
    throw new BenchError('BENCH_DATABASES lists pglite and/or postgres, comma-separated.');
  return databases;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const message = (error: unknown): string =>
  error instanceof Error
    ? `${error.message}${error.cause ? ` (${message(error.cause)})` : ''}`
    : String(error);
export const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
export const tail = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** A port that was free a moment ago: the OS picks it for a listen on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a process in the repo root, its output in a log file. cleanup() stops it. */
export function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): ChildProcess {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  state.children.push(child);
  return child;
}

/** Runs a command to completion (a Node script by default); on failure, reports its output's end. */
export function run(
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  command = process.execPath,
): Promise<void> {
  const child = start(command, args, env, logFile);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BenchError(`${label} failed (${signal ?? `exit code ${code}`}):\n${tail(logFile)}`));
    });
  });
}

/** Polls until the URL answers at all (any status); fails if the process dies or after 30 s. */
export async function waitUntilUp(url: string, child: ChildProcess, logFile: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    if (!isRunning(child)) throw new BenchError(`The server for ${url} exited:\n${tail(logFile)}`);
    if (
      await fetch(url).then(
        (res) => res.arrayBuffer().then(() => true),
        () => false,
      )
    )
      return;
  }
  throw new BenchError(`${url} did not answer within 30 s:\n${tail(logFile)}`);
}

/** SIGTERM, then SIGKILL if still running 5 s later. */
export async function stop(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stops the processes started here, drops the bench databases, removes the temp dir. Runs once. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(state.children.map(stop));
    if (state.dbNames.length > 0) {
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      for (const name of state.dbNames)
        await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`.catch((error) =>
          console.error(`Could not drop database ${name}: ${message(error)}`),
        );
      await admin.end({ timeout: 5 });
    }
    // Recursive rm removes the node_modules symlink itself, never what it points to.
    if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

/** The temp dir of this run, removed by cleanup(). */
export function makeTempDir(): string {
  const tmp = fs.mkdtempSync(path.join(tmpdir(), 'cn-bench-'));
  state.tmp = tmp;
  fs.chmodSync(tmp, 0o755); // nginx started by root runs its worker as `nobody`: it must read the files
  return tmp;
}

/**
 * The server entry to run: a fresh build in the temp dir, or ./dist with `--no-build`. Not ./dist by
 * default: a running server (a colleague's, on :4321) may be using it, and a rebuild would swap its
 * chunks under it. The node_modules link lets the bundle's bare imports resolve from the temp dir.
 */
export async function buildEntry(tmp: string): Promise<{ entry: string; build: 'fresh' | './dist' }> {
  const existing = path.join(ROOT, 'dist/server/entry.mjs');
  if (process.argv.includes('--no-build')) {
    if (!fs.existsSync(existing)) throw new BenchError('--no-build: there is no dist/server/entry.mjs.');
    console.log('Using the existing build in ./dist (--no-build).');
    return { entry: existing, build: './dist' };
  }
  console.log('Building the app…');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  const args = ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', path.join(tmp, 'dist')];
  await run(
    'The build',
    args,
    { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    path.join(tmp, 'build.log'),
  );
  return { entry: path.join(tmp, 'dist/server/entry.mjs'), build: 'fresh' };
}

/** A fresh database of the kind, migrated and seeded: the environment that points the app at it. */
export async function freshDatabase(kind: Database, tmp: string): Promise<NodeJS.ProcessEnv> {
  let dbEnv: NodeJS.ProcessEnv;
  if (kind === 'postgres') {
    const dbName = `cn_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      await admin`CREATE DATABASE ${admin(dbName)}`;
      state.dbNames.push(dbName);
    } catch (error) {
      throw new BenchError(`Could not create database ${dbName}: ${message(error)}. Is PostgreSQL up?`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    const dbUrl = new URL(ADMIN_URL);
    dbUrl.pathname = `/${dbName}`;
    dbEnv = { ...process.env, DATABASE_URL: dbUrl.href, APP_SECRET: randomBytes(32).toString('base64') };
  } else {
    // The README's start path: the embedded database, in its own data directory.
    const { DATABASE_URL: _unused, ...rest } = process.env;
    dbEnv = { ...rest, PGLITE_DATA_DIR: path.join(tmp, 'pglite') };
  }
  console.log(`\n[${kind}] migrating and seeding…`);
  const setup = ['--experimental-strip-types', 'db/cli.ts', 'setup'];
  await run('db/cli.ts setup', setup, dbEnv, path.join(tmp, `${kind}-setup.log`));
  return dbEnv;
}

export interface App {
  base: string;
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/** The built server on a free port of 127.0.0.1, once it answers. */
export async function startApp(
  entry: string,
  dbEnv: NodeJS.ProcessEnv,
  logFile: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<App> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // A deployment's public address; the server refuses to start on PostgreSQL without one.
  const env = { ...dbEnv, HOST: '127.0.0.1', PORT: String(port), PUBLIC_BASE_URL: base, ...extraEnv };
  const child = start(process.execPath, [entry], env, logFile);
  await waitUntilUp(`${base}/`, child, logFile);
  return { base, child, env, logFile };
}

/** Writes a run's figures to tests/load/results/<name>-<timestamp>.json (git-ignored). */
export function saveResults(name: string, figures: Record<string, unknown>): string {
  const timestamp = new Date().toISOString();
  const file = path.join(ROOT, 'tests/load/results', `${name}-${timestamp.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ timestamp, ...figures }, null, 2)}\n`);
  return path.relative(ROOT, file);
}

/**
 * Runs a benchmark's main: cleans up always; exits 1 on failure (a BenchError by its message), and
 * with 128 + the signal's number on Ctrl-C or a kill.
 */
export async function runBenchmark(main: () => Promise<void>): Promise<never> {
  const onSignal = (signal: NodeJS.Signals, code: number) =>
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping the servers and dropping the bench database…`);
      void cleanup().finally(() => process.exit(code));
    });
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    exitCode = 1;
    if (!interrupted) console.error(`\nBenchmark failed: ${message(error)}`);
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds so far of these processes (and their threads), from /proc/<pid>/stat. */
export function cpuOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited meanwhile
    }
  }
  return ticks / TICKS;
}

/** Processes whose command name is one of these. */
export function pidsNamed(names: string[]): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return names.includes(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Busy CPU seconds of the whole machine (every core), from /proc/stat. */
export function machineBusy(): number {
  const [, ...values] = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const v = values.map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return (v.reduce((a, b) => a + b, 0) - idle) / TICKS;
}
