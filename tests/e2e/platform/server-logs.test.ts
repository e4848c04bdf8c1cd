// What the built server writes to its logs. On a server and database of its own, where a check
// constraint makes inserting one particular staff name fail, so an action's query fails carrying
// personal data (a name and an email address) in its parameters. Nothing personal may reach a log
// line, and every line the server writes (Astro's own included) is one JSON object.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixtures } from '../fixtures.ts';
import { freePort, prepareDatabase, stopServer, waitUntilUp } from '../server.ts';

const NAME = 'Wilhelmina Leakcheck';
const EMAIL = 'wilhelmina.leakcheck@example.org';

let dir: string;
let server: ChildProcess;
let baseURL: string;
let fixtures: Fixtures;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-logs-'));
  const prepared = prepareDatabase(dir);
  fixtures = prepared.fixtures;
  // Only for this test's database: inserting this name fails inside the action's transaction.
  const sql = `alter table staff_users add constraint e2e_refuse_name check (name <> '${NAME}')`;
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { PGlite } from '@electric-sql/pglite';
       const db = await PGlite.create(process.env.PGLITE_DATA_DIR);
       await db.exec(${JSON.stringify(sql)});
       await db.close();`,
    ],
    { env: prepared.env, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`Could not add the constraint: ${run.stderr}`);
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...prepared.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  server.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  await waitUntilUp(`${baseURL}/`, server);
});

afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const staffHeaders = (type: string) => ({
  cookie: `cn_staff=${fixtures.staff.admin.session}`,
  origin: baseURL,
  'content-type': type,
});

/** Waits until the server has written what it will about the requests made. */
async function settled(): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 500));
  return output.split('\n').filter((line) => line.trim() !== '');
}

describe('a failed query carrying personal data', () => {
  it('posted as a form: the resident gets the error page, the logs get neither name nor address', async () => {
    const res = await fetch(`${baseURL}/staff/users/invite?_action=staff.invite`, {
      method: 'POST',
      headers: staffHeaders('application/x-www-form-urlencoded'),
      body: new URLSearchParams({ email: EMAIL, name: NAME, role: 'liaison_officer' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).not.toContain(EMAIL);
    expect(page).not.toContain('Failed query');
  });

  it('called directly: a bare 500, and the logs get neither name nor address', async () => {
    const res = await fetch(`${baseURL}/_actions/staff.invite`, {
      method: 'POST',
      headers: staffHeaders('application/x-www-form-urlencoded'),
      body: new URLSearchParams({ email: EMAIL.replace('@', '2@'), name: NAME, role: 'liaison_officer' }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('Failed query');
  });

  it('the failure is logged, without the values', async () => {
    const lines = await settled();
    const failures = lines.filter((line) => line.includes('Failed query: insert into \\"staff_users\\"'));
    // Both failures are logged, with their SQL, so the check below means something.
    expect(failures.length, lines.join('\n')).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).not.toContain('Leakcheck');
      expect(line).not.toContain('leakcheck');
    }
  });
});

describe('every log line', () => {
  it('is one JSON object, for a 404, a 405, an unknown method, a bad action and an error', async () => {
    await fetch(`${baseURL}/no-such-page`);
    await fetch(`${baseURL}/action-plan`, { method: 'POST', headers: { origin: baseURL } });
    await fetch(`${baseURL}/action-plan`, { method: 'PROPFIND' });
    await fetch(`${baseURL}/_actions/auth.login`, {
      method: 'POST',
      headers: { origin: baseURL, 'content-type': 'application/json' },
      body: '{bad',
    });
    await fetch(`${baseURL}/_actions/no.suchAction`, {
      method: 'POST',
      headers: { origin: baseURL, 'content-type': 'application/json' },
      body: '{}',
    });
    const lines = await settled();
    expect(lines.length).toBeGreaterThan(0);
    const notJson = lines.filter((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return !(value && typeof value === 'object' && !Array.isArray(value));
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
  });
});
