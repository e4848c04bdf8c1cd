// `npm run cluster` end to end: two instances and two workers behind nginx on one port. nginx's
// request id reaches the portal's logs; an instance stopped with SIGTERM under traffic costs no
// request; and SIGTERM to the script stops everything cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/server.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { CAN_RUN, deploymentEnv, killAll, type Proc, SKIP_REASON } from './instances.ts';

const pidOf = (output: string, name: string) =>
  Number(new RegExp(`${name} \\(pid (\\d+)\\)`).exec(output)?.[1]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A GET on a connection of its own. A kept-alive connection can be closed by nginx (reloaded by the
 * script as the instance leaves) just as the next request goes out on it — a browser sends that
 * request again, Node's fetch does not — which would count a request the cluster never lost.
 */
const statusOf = (url: string) =>
  new Promise<number>((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });

describe.skipIf(!CAN_RUN)(`npm run cluster (${SKIP_REASON})`, () => {
  let t: TestDb;
  let cluster: Proc;
  let base: string;
  let state: string;
  beforeAll(async () => {
    t = await createTestDb();
    state = mkdtempSync(path.join(tmpdir(), 'cn-cluster-test-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--experimental-strip-types', 'scripts/cluster.ts'], {
      env: deploymentEnv(t.url as string, {
        CLUSTER_PORT: String(port),
        CLUSTER_STATE_DIR: state,
        LOG_LEVEL: 'debug',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
      (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    cluster = { child, output: () => out, exited };
    for (
      const deadline = Date.now() + 100_000;
      !out.includes('[cluster] Ready:');
      await new Promise((r) => setTimeout(r, 200))
    )
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`The cluster did not start:\n${out}`);
    // The list of processes follows the Ready line.
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    for (const name of ['web-1', 'web-2', 'worker-1', 'worker-2']) {
      const pid = pidOf(cluster?.output() ?? '', name);
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await killAll([cluster]);
    await t?.destroy();
    rmSync(state, { recursive: true, force: true });
  });

  it('answers on one port, with nginx’s request id in its access log and in the portal’s logs', async () => {
    const res = await fetch(`${base}/wards`);
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id') as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const logs = path.join(state, 'logs');
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(path.join(logs, 'nginx-access.log'), 'utf8')).toContain(`rid=${id}`);
    const portal = ['web-1', 'web-2'].map((n) => readFileSync(path.join(logs, `${n}.log`), 'utf8')).join('');
    expect(portal).toContain(`"requestId":"${id}"`);
    expect((await fetch(`${base}/health/ready`)).status).toBe(404);
  });

  it('loses no request while one instance shuts down', async () => {
    const statuses: number[] = [];
    const load = (async () => {
      for (let i = 0; i < 150; i++) statuses.push(await statusOf(`${base}/action-plan`));
    })();
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pidOf(cluster.output(), 'web-1'), 'SIGTERM');
    await load;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('stops everything on SIGTERM and exits 0', async () => {
    const pids = ['web-2', 'worker-1', 'worker-2'].map((n) => pidOf(cluster.output(), n));
    const signalled = Date.now();
    cluster.child.kill('SIGTERM');
    const { code, at } = await cluster.exited;
    console.log(`npm run cluster stopped in ${at - signalled} ms`);
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(15_000);
    expect(pids.filter(alive)).toEqual([]);
    expect(cluster.output()).toMatch(/web-2 stopped \(exit code 0\)/);
  });
});
