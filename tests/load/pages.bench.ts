// Load benchmark for the public pages: `npm run bench` (`npm run bench -- --no-build` reuses ./dist).
//
// Measures requests/s and p99 latency of the production build (@astrojs/node standalone: one Node
// process) serving `/`, `/action-plan` and `/wards/bloomsbury` from a fresh, seeded PostgreSQL database.
//
// Why the baseline: these pages are sent with `Cache-Control: public, s-maxage=60,
// stale-while-revalidate=600`, so in production a CDN or reverse proxy in front of the origin serves
// them as stored bytes. The baseline is exactly that: the app's own HTML saved as static files, served by
// nginx (one worker, like the one Node process) or, without nginx, by a small in-memory node:http server.
// The app/baseline ratio says how far the origin is from its cache. Everything stays on 127.0.0.1.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

// autocannon ships no type declarations: the part of its result read here.
type Counts = Record<'non2xx' | 'errors' | 'timeouts', number>;
type CannonResult = Counts & {
  duration: number; // seconds actually elapsed
  requests: { total: number };
  latency: Record<'p50' | 'p99', number>;
};
type Measurement = Counts & Record<'reqPerSec' | 'requests' | 'p50' | 'p99', number>;
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => Promise<CannonResult>;

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGES = ['/', '/action-plan', '/wards/bloomsbury']; // each saved as <url>/index.html for the baseline
const NGINX = '/usr/sbin/nginx';
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const WARMUP = 2; // seconds, run first and discarded

/** An expected failure: reported by its message only. */
class BenchError extends Error {}

// Everything to undo, recorded as soon as it exists, so that cleanup() works from any point.
const state: { children: ChildProcess[]; tmp?: string; dbName?: string } = { children: [] };
let cleaning: Promise<void> | undefined;
let interrupted = false;

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (Number.isInteger(value) && value > 0) return value;
  throw new BenchError(`${name} must be a positive integer, not "${process.env[name]}".`);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
const tail = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '';

/** A port that was free a moment ago: the OS picks it for a listen on port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a process in the repo root, its output in a log file. cleanup() stops it. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  state.children.push(child);
  return child;
}

/** Runs a Node script to completion; on failure, reports the end of its output. */
function run(label: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const child = start(process.execPath, args, env, logFile);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BenchError(`${label} failed (${signal ?? `exit code ${code}`}):\n${tail(logFile)}`));
    });
  });
}

/** Polls until the URL answers at all (any status); fails if the process dies or after 30 s. */
async function waitUntilUp(url: string, child: ChildProcess, logFile: string): Promise<void> {
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
async function stop(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stops the processes started here, drops the bench database, removes the temp dir. Runs once. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(state.children.map(stop));
    if (state.dbName) {
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin`DROP DATABASE IF EXISTS ${admin(state.dbName)} WITH (FORCE)`.catch((error) =>
        console.error(`Could not drop database ${state.dbName}: ${message(error)}`),
      );
      await admin.end({ timeout: 5 });
    }
    // Recursive rm removes the node_modules symlink itself, never what it points to.
    if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

/** nginx as a cache would serve the pages: no logs, open-file cache, no keep-alive request limit. */
const nginxConf = (tmp: string, site: string, port: number) => `daemon off;
worker_processes 1;  # the app is one Node process
pid ${tmp}/nginx.pid;
error_log ${tmp}/nginx-error.log warn;
events { worker_connections 1024; }
http {
${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${tmp}/nginx-${k};`).join('\n')}
  access_log off;
  types { text/html html; }
  sendfile on;
  open_file_cache max=64;
  keepalive_requests 100000000;  # default 1000, then nginx closes the connection; Node never does
  server {
    listen 127.0.0.1:${port};
    root ${site};
    location / { try_files $uri/index.html =404; }
  }
}
`;

// Baseline without nginx: the pages held in memory, served by node:http in its own process.
const STATIC_SERVER = `import { createServer } from 'node:http'; import { readFileSync } from 'node:fs';
const [dir, port, urls] = process.argv.slice(1);
const pages = new Map(JSON.parse(urls).map((url) => [url, readFileSync(dir + url + '/index.html')]));
createServer((req, res) => {
  const body = pages.get(req.url);
  if (body) res.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length }).end(body);
  else res.writeHead(404).end();
}).listen(Number(port), '127.0.0.1');`;

async function main(): Promise<void> {
  const connections = positiveInt('BENCH_CONNECTIONS', 10);
  const duration = positiveInt('BENCH_DURATION', 10); // seconds, per URL per target
  const tmp = fs.mkdtempSync(path.join(tmpdir(), 'cn-bench-'));
  state.tmp = tmp;
  fs.chmodSync(tmp, 0o755); // nginx started by root runs its worker as `nobody`: it must read the files
  const log = (name: string) => path.join(tmp, `${name}.log`);

  // 1. Build into the temp dir, not ./dist: a running server (a colleague's, on :4321) may be using
  // ./dist, and a rebuild would swap its chunks under it. The node_modules link lets the bundle's bare
  // imports (postgres, drizzle-orm, …) resolve from there.
  let entry = path.join(ROOT, 'dist/server/entry.mjs');
  if (process.argv.includes('--no-build')) {
    if (!fs.existsSync(entry)) throw new BenchError('--no-build: there is no dist/server/entry.mjs.');
    console.log('Using the existing build in ./dist (--no-build).');
  } else {
    console.log('Building the app…');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
    const args = ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', path.join(tmp, 'dist')];
    await run('The build', args, { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, log('build'));
    entry = path.join(tmp, 'dist/server/entry.mjs');
  }

  // 2. A fresh database, migrated and seeded: the numbers do not depend on anyone's local data.
  const dbName = `cn_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin`CREATE DATABASE ${admin(dbName)}`;
    state.dbName = dbName;
  } catch (error) {
    throw new BenchError(`Could not create database ${dbName}: ${message(error)}. Is PostgreSQL up?`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const dbEnv = { ...process.env, DATABASE_URL: dbUrl.href };
  console.log(`Database ${dbName}: migrating and seeding…`);
  await run('db/cli.ts setup', ['--experimental-strip-types', 'db/cli.ts', 'setup'], dbEnv, log('setup'));

  const appPort = await freePort();
  const appBase = `http://127.0.0.1:${appPort}`;
  const appEnv = { ...dbEnv, HOST: '127.0.0.1', PORT: String(appPort) };
  const appServer = start(process.execPath, [entry], appEnv, log('app'));
  await waitUntilUp(`${appBase}/`, appServer, log('app'));
  console.log(`App:      ${appBase} (Node ${process.version}, one process)`);

  // 3. The baseline: the app's own HTML for each page, saved as <url>/index.html and served statically.
  const site = path.join(tmp, 'site');
  const html = new Map<string, Buffer>();
  for (const url of PAGES) {
    const res = await fetch(appBase + url);
    if (!res.ok) throw new BenchError(`GET ${url} returned ${res.status}: nothing to benchmark.`);
    html.set(url, Buffer.from(await res.arrayBuffer()));
    fs.mkdirSync(path.join(site, url), { recursive: true });
    fs.writeFileSync(path.join(site, url, 'index.html'), html.get(url) ?? '');
  }
  const basePort = await freePort();
  const baseBase = `http://127.0.0.1:${basePort}`;
  let baseline = `node:http in-memory static server (no ${NGINX})`;
  let server: ChildProcess;
  if (fs.existsSync(NGINX)) {
    fs.writeFileSync(path.join(tmp, 'nginx.conf'), nginxConf(tmp, site, basePort));
    const args = ['-p', tmp, '-c', path.join(tmp, 'nginx.conf'), '-e', log('nginx-error')];
    server = start(NGINX, args, process.env, log('nginx-error'));
    const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.split('/')[1]?.trim();
    baseline = `nginx ${version}, static files, worker_processes 1`;
  } else {
    const args = ['--input-type=module', '-e', STATIC_SERVER, site, String(basePort), JSON.stringify(PAGES)];
    server = start(process.execPath, args, process.env, log('static'));
  }
  await waitUntilUp(`${baseBase}/`, server, log(baseline.startsWith('nginx') ? 'nginx-error' : 'static'));
  for (const url of PAGES) {
    const body = Buffer.from(await (await fetch(baseBase + url)).arrayBuffer());
    if (!html.get(url)?.equals(body)) throw new BenchError(`The baseline's ${url} is not the app's HTML.`);
  }
  console.log(`Baseline: ${baseBase} (${baseline})`);

  // 4. Load, app then baseline for each page, never both at once: they share the cores with autocannon.
  // Same settings for both, and a discarded warm-up run first (JIT, connection pools, file cache).
  console.log(`\nautocannon: ${connections} connections, ${WARMUP} s warm-up + ${duration} s per URL/target`);
  const measure = async (url: string): Promise<Measurement> => {
    await autocannon({ url, connections, duration: WARMUP });
    const r = await autocannon({ url, connections, duration });
    const { non2xx, errors, timeouts, latency } = r;
    // Total over elapsed time: autocannon's requests.average is a mean of per-second samples, and a
    // 10 s run sometimes yields 11 samples, which understates the rate by 10%.
    const reqPerSec = Math.round((r.requests.total / r.duration) * 10) / 10;
    const { p50, p99 } = latency;
    return { reqPerSec, requests: r.requests.total, p50, p99, non2xx, errors, timeouts };
  };
  const results: { url: string; app: Measurement; baseline: Measurement }[] = [];
  for (const url of PAGES) {
    const app = await measure(appBase + url);
    const base = await measure(baseBase + url);
    if (!isRunning(appServer)) throw new BenchError(`The app exited under load:\n${tail(log('app'))}`);
    console.log(`  ${url}: app ${Math.round(app.reqPerSec)}, baseline ${Math.round(base.reqPerSec)} req/s`);
    results.push({ url, app, baseline: base });
  }

  // 5. Report: table, JSON file, then fail on any error or non-2xx response (app or baseline).
  const avg = (pick: (r: (typeof results)[number]) => number) =>
    results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const means = {
    app: { reqPerSec: avg((r) => r.app.reqPerSec), p99: avg((r) => r.app.p99) },
    baseline: { reqPerSec: avg((r) => r.baseline.reqPerSec), p99: avg((r) => r.baseline.p99) },
  };
  const widths = [18, 10, 10, 14, 15, 12];
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c, i) => String(c)[i ? 'padStart' : 'padEnd'](widths[i] ?? 0)).join(' | ')} |`;
  const round = (n: number, digits = 0) => Number(n.toFixed(digits)); // autocannon's p99 is whole ms
  const header = ['URL', 'app req/s', 'app p99 ms', 'baseline req/s', 'baseline p99 ms', 'app/baseline'];
  console.log(`\n${line(header)}`);
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const { url, app: a, baseline: b } of [...results, { url: 'mean of 3 URLs', ...means }]) {
    const ratio = (a.reqPerSec / b.reqPerSec).toFixed(3);
    console.log(line([url, round(a.reqPerSec), round(a.p99, 1), round(b.reqPerSec), round(b.p99, 1), ratio]));
  }

  const timestamp = new Date().toISOString();
  const outFile = path.join(ROOT, 'tests/load/results', `pages-${timestamp.replace(/[:.]/g, '-')}.json`);
  const build = entry.startsWith(tmp) ? 'fresh' : './dist';
  const settings = { connections, durationSeconds: duration, warmupSeconds: WARMUP, build };
  const machine = { node: process.version, cpus: availableParallelism(), arch: process.arch };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const report = { timestamp, settings, machine, baseline, results, means };
  fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nResults written to ${path.relative(ROOT, outFile)}`);

  const failures = results.flatMap(({ url, app, baseline: base }) =>
    Object.entries({ app, baseline: base })
      .filter(([, m]) => m.non2xx + m.errors + m.timeouts > 0)
      .map(([who, m]) => `  ${who} ${url}: ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts`),
  );
  if (failures.length > 0) throw new BenchError(`Some requests failed:\n${failures.join('\n')}`);
}

// Ctrl-C or a kill: clean up, then exit with the conventional 128 + signal number.
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
