// `npm run cluster`: the production shape on one machine — two web instances and two email workers on
// the local PostgreSQL, behind nginx on one port (docs/operations/deployment.md, "Several instances").
//   1. nginx: Debian's package, installed with apt-get if /usr/sbin/nginx is missing (as root);
//   2. the build, if dist/ is missing; the database (DATABASE_URL, default
//      postgres://postgres@127.0.0.1:5432/cn_cluster) created if missing, migrated and seeded;
//   3. two instances (EMAIL_WORKER=off, TRUSTED_PROXIES=1) and two `npm run worker` processes, each
//      with its metrics on a port of its own on 127.0.0.1;
//   4. nginx with deploy/nginx/portal.conf on CLUSTER_PORT (default 8080). nginx OSS checks upstreams
//      only passively, so this script polls each instance's /health/ready every 2 s and reloads nginx
//      with `down` on the instances that are not ready;
//   5. Ctrl-C or SIGTERM: nginx stops gracefully, then every instance and worker gets SIGTERM (each
//      drains and exits within 10 s; SIGKILL after 12 s), and the script exits 0.
// State, the app secret and the logs live in ./data/cluster/ (logs/<process>.log).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort, isRunning, message, ROOT, sleep, tail } from '../tests/load/harness.ts';
import { writeNginxConf } from './nginx-conf.ts';

const NGINX = '/usr/sbin/nginx';
const PORT = Number(process.env.CLUSTER_PORT || 8080);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cn_cluster';
const STATE = path.resolve(process.env.CLUSTER_STATE_DIR || path.join(ROOT, 'data/cluster'));
const LOGS = path.join(STATE, 'logs');
const STOP_GRACE_MS = 12_000;

interface Member {
  name: string;
  child: ChildProcess;
  log: string;
  metricsPort: number;
  /** Web instances only. */
  port?: number;
  ready?: boolean;
}

const members: Member[] = [];
let nginx: ChildProcess | undefined;
let stopping = false;

function say(line: string): void {
  console.log(`[cluster] ${line}`);
}

function ensureNginx(): void {
  if (fs.existsSync(NGINX)) return;
  if (process.getuid?.() !== 0)
    throw new Error(`${NGINX} is missing: install Debian's nginx (apt-get install nginx).`);
  say('nginx is missing: installing Debian’s package…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit', env });
  if (install.status !== 0 || !fs.existsSync(NGINX)) throw new Error('apt-get install nginx failed.');
}

function runToEnd(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const run = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${label} failed:\n${(run.stderr || run.stdout).trim()}`);
}

/** The app secret every process shares: APP_SECRET, else one generated once in data/cluster/. */
function appSecret(): string {
  if (process.env.APP_SECRET) return process.env.APP_SECRET;
  const file = path.join(STATE, 'app-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.href, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) {
      await sql`create database ${sql(name)}`;
      say(`Created database ${name}.`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function startMember(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  metricsPort: number,
  port?: number,
): Member {
  const log = path.join(LOGS, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const member: Member = { name, child, log, metricsPort, port };
  child.once('exit', (code, signal) => {
    if (!stopping) say(`${name} exited (${signal ?? `code ${code}`}); last lines:\n${tail(log)}`);
  });
  members.push(member);
  return member;
}

async function isReady(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.arrayBuffer().then(() => r.status === 200),
    () => false,
  );
}

function writeConf(web: Member[]): string {
  return writeNginxConf(path.join(STATE, 'nginx'), {
    upstreams: web.map((m) => ({ port: m.port as number, down: !m.ready })),
    listen: `127.0.0.1:${PORT}`,
    logDir: LOGS,
  });
}

/** Polls readiness; when the set of ready instances changes, nginx reloads with the others `down`. */
async function followReadiness(web: Member[]): Promise<void> {
  while (!stopping) {
    await sleep(2_000);
    const now = await Promise.all(web.map((m) => (isRunning(m.child) ? isReady(m.port as number) : false)));
    if (stopping || web.every((m, i) => m.ready === now[i])) continue;
    web.forEach((m, i) => {
      m.ready = now[i];
    });
    // Never all down: nginx would answer 502 to everyone; let passive checks decide instead.
    if (web.every((m) => !m.ready)) for (const m of web) m.ready = true;
    writeConf(web);
    nginx?.kill('SIGHUP');
    say(`Upstreams now: ${web.map((m) => `${m.name} ${m.ready ? 'up' : 'down'}`).join(', ')}`);
  }
}

async function stopAll(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping nginx, then the instances and workers…`);
  const started = Date.now();
  const gone = (child: ChildProcess) =>
    isRunning(child) ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
  if (nginx && isRunning(nginx)) {
    nginx.kill('SIGQUIT');
    await Promise.race([gone(nginx), sleep(5_000)]);
    if (isRunning(nginx)) nginx.kill('SIGKILL');
  }
  await Promise.all(
    members.map(async (m) => {
      if (!isRunning(m.child)) return;
      m.child.kill('SIGTERM');
      const timer = setTimeout(() => m.child.kill('SIGKILL'), STOP_GRACE_MS);
      await gone(m.child);
      clearTimeout(timer);
      say(`${m.name} stopped (${m.child.signalCode ?? `exit code ${m.child.exitCode}`}).`);
    }),
  );
  say(`Stopped in ${Date.now() - started} ms. Logs: ${LOGS}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(LOGS, { recursive: true });
  fs.chmodSync(STATE, 0o755);
  ensureNginx();
  if (!fs.existsSync(path.join(ROOT, 'dist/server/entry.mjs'))) {
    say('No build in dist/: building…');
    runToEnd('npm run build', 'npm', ['run', 'build'], { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' });
  }
  await createDatabaseIfMissing(DATABASE_URL);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL,
    APP_SECRET: appSecret(),
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://127.0.0.1:${PORT}`,
    TRUSTED_PROXIES: '1',
    EMAIL_WORKER: 'off',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  say('Migrating and seeding…');
  runToEnd('db/cli.ts setup', process.execPath, ['--experimental-strip-types', 'db/cli.ts', 'setup'], env);

  const web: Member[] = [];
  for (const n of [1, 2]) {
    const port = await freePort();
    const instanceEnv = { ...env, HOST: '127.0.0.1', PORT: String(port) };
    web.push(startMember(`web-${n}`, ['dist/server/entry.mjs'], instanceEnv, await freePort(), port));
  }
  for (const n of [1, 2]) {
    startMember(`worker-${n}`, ['--experimental-strip-types', 'src/worker.ts'], env, await freePort());
  }
  for (const deadline = Date.now() + 60_000; !web.every((m) => m.ready); await sleep(200)) {
    if (Date.now() > deadline) throw new Error(`The instances were not ready within 60 s; see ${LOGS}`);
    for (const m of web) {
      if (!isRunning(m.child)) throw new Error(`${m.name} exited:\n${tail(m.log)}`);
      m.ready ||= await isReady(m.port as number);
    }
  }
  const conf = writeConf(web);
  const nginxLog = path.join(LOGS, 'nginx-error.log');
  nginx = spawn(NGINX, ['-p', path.dirname(conf), '-c', conf, '-e', nginxLog], { stdio: 'inherit' });
  nginx.once('exit', (code, signal) => {
    if (!stopping) {
      say(`nginx exited (${signal ?? `code ${code}`}):\n${tail(nginxLog)}`);
      void stopAll('nginx exited').then(() => process.exit(1));
    }
  });
  const url = `http://127.0.0.1:${PORT}/`;
  for (const deadline = Date.now() + 15_000; ; await sleep(200)) {
    const ok = await fetch(url).then(
      (r) => r.arrayBuffer().then(() => r.ok),
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || !isRunning(nginx))
      throw new Error(`nginx did not answer at ${url}:\n${tail(nginxLog)}`);
  }
  say(`Ready: ${url}`);
  for (const m of members) {
    const at = m.port ? ` on 127.0.0.1:${m.port}` : '';
    say(`  ${m.name} (pid ${m.child.pid})${at}, metrics http://127.0.0.1:${m.metricsPort}/metrics`);
  }
  say(`Logs in ${LOGS}. Ctrl-C stops everything.`);
  await followReadiness(web);
}

process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));
main().catch(async (error: unknown) => {
  console.error(`[cluster] ${message(error)}`);
  await stopAll('error');
  process.exit(1);
});
