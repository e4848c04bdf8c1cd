// A PostgreSQL server of the test's own, on a free port, that the test may stop and start: the
// machine's shared server (TEST_DATABASE_URL) must never be restarted under other tests. Debian's
// binaries (postgresql-NN); as root, they run as the `postgres` user (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort } from '../e2e/server.ts';

/** The newest installed server's bin directory, if any. */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((x, y) => Number(y) - Number(x));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

const BIN = binDir();
const AS_ROOT = process.getuid?.() === 0;

/** Whether this machine can run one: the server's binaries, and as root a `postgres` user. */
export const CAN_RUN_THROWAWAY_POSTGRES = BIN !== null;

export interface ThrowawayPostgres {
  /** postgres://…/portal on the server. */
  url: string;
  port: number;
  /** A fast shutdown: connections are ended, in-flight transactions rolled back. */
  stop(): void;
  start(): void;
  /** Stops it and removes its files. */
  destroy(): void;
}

function run(binary: string, args: string[]): void {
  const path = join(BIN as string, binary);
  const [command, all] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  execFileSync(command, all, { stdio: 'pipe', timeout: 60_000 });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (!BIN) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'cn-pg-'));
  if (AS_ROOT) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  await admin`create database portal`;
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/portal`,
    port,
    stop,
    start,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
