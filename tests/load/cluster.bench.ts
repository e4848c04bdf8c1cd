// Cluster throughput: `npm run bench:cluster`. The same PostgreSQL database behind nginx (the
// repository's deploy/nginx/portal.conf) with one instance, then with two, in one run:
// - public pages (`/`, a ward, the newsletter archive) with wrk, 64 connections, a 2 s warm-up then
//   BENCH_DURATION seconds (default 5) each;
// - concerns sent: the last step of the report journey (`report.send`, which writes the concern, its
//   events, its email and its rate-limit row in one transaction) posted by wrk with a Lua script, each
//   request with its own draft (prepared in the database with answers copied from one real journey,
//   started a minute ago so the "too fast" check passes) and its own client address (X-Forwarded-For
//   behind nginx, TRUSTED_PROXIES=2), 16 connections for BENCH_DURATION × 2 seconds; counted in the
//   database, not from wrk's answers;
// - where the CPU went meanwhile: the instances, nginx and PostgreSQL from /proc, the rest (wrk and
//   anything else) from the machine's total, as shares of the two cores.
// The database is dropped afterwards, whatever happens. Needs nginx and wrk (apt-get install nginx wrk).
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { writeNginxConf } from '../../scripts/nginx-conf.ts';
import { REPORT_DRAFT } from '../../src/features/concerns/concerns.server.ts';
import { generateSecret, hashSecret } from '../../src/features/secrets/secrets.ts';
import { reportSteps } from '../helpers/report-journey.ts';
import {
  type App,
  BenchError,
  buildEntry,
  cpuOf,
  freePort,
  freshDatabase,
  machineBusy,
  makeTempDir,
  NGINX,
  pidsNamed,
  positiveInt,
  runBenchmark,
  saveResults,
  sleep,
  start,
  startApp,
  stop,
  waitUntilUp,
} from './harness.ts';
import { type Measurement, WRK, wrk } from './wrk.ts';

const DURATION = positiveInt('BENCH_DURATION', 5);
const PAGES = ['/', '/wards/holloway', '/newsletters'];
const SEND_CONNECTIONS = 16;
type CpuShares = Record<'instances' | 'nginx' | 'postgres' | 'rest', number>;

/** Runs `f`, and says what share of the two cores each part used meanwhile. */
function withCpu<T>(apps: App[], f: () => T): { result: T; cpu: CpuShares } {
  const appPids = apps.map((a) => a.child.pid as number);
  const before = {
    apps: cpuOf(appPids),
    nginx: cpuOf(pidsNamed(['nginx'])),
    pg: cpuOf(pidsNamed(['postgres'])),
    all: machineBusy(),
    at: performance.now(),
  };
  const result = f();
  const seconds = (performance.now() - before.at) / 1000;
  const used = {
    instances: cpuOf(appPids) - before.apps,
    nginx: cpuOf(pidsNamed(['nginx'])) - before.nginx,
    postgres: cpuOf(pidsNamed(['postgres'])) - before.pg,
  };
  const all = machineBusy() - before.all;
  const share = (s: number) => Math.round((s / seconds) * 100) / 100; // cores
  return {
    result,
    cpu: {
      instances: share(used.instances),
      nginx: share(used.nginx),
      postgres: share(used.postgres),
      rest: share(Math.max(0, all - used.instances - used.nginx - used.postgres)),
    },
  };
}

/** One real journey to an instance, for its draft's answers (what the send step reads). */
async function realAnswers(app: App, sql: postgres.Sql): Promise<unknown> {
  let cookie = '';
  const steps = reportSteps('Loud music every night from the flats', 'sam@example.org');
  for (const [step, fields] of steps) {
    const res = await fetch(`${app.base}/report/${step}?_action=report.${step}`, {
      method: 'POST',
      headers: {
        origin: app.base,
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    if (res.status !== 303) throw new BenchError(`The ${step} step answered ${res.status}, not 303.`);
    const set = /cn_report=([a-z2-7]{32})/.exec(res.headers.get('set-cookie') ?? '');
    if (set) cookie = `cn_report=${set[1]}`;
  }
  const [row] = await sql`select answers from form_drafts where form = 'report' limit 1`;
  if (!row) throw new BenchError('The journey left no draft.');
  return row.answers;
}

/** `count` drafts ready to send, started a minute ago; their tokens, also one per line in `file`. */
async function prepareDrafts(
  sql: postgres.Sql,
  appSecret: Uint8Array,
  answers: unknown,
  count: number,
  file: string,
): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => generateSecret('link'));
  const hashes = tokens.map((t) => hashSecret(appSecret, REPORT_DRAFT.purpose, t));
  for (let i = 0; i < hashes.length; i += 5000)
    await sql`
      insert into form_drafts (token_hash, form, answers, started_at, expires_at)
      select h, 'report', ${sql.json(answers as postgres.JSONValue)}::jsonb, now() - interval '1 minute', now() + interval '1 hour'
      from unnest(${sql.array(hashes.slice(i, i + 5000))}::text[]) h`;
  fs.writeFileSync(file, `${tokens.join('\n')}\n`);
  return tokens;
}

const SEND_SCRIPT = `
-- Each request sends a different draft (thread t takes tokens t, t + threads, …) from a new address.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local origin = os.getenv("ORIGIN")
local counter = 1
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) n = 0 end
function request()
  local i = (n * 2 + id - 1) % #tokens + 1
  n = n + 1
  local ip = "10." .. (i % 250) .. "." .. math.floor(i / 250) % 250 .. "." .. id
  return wrk.format("POST", "/report/check?_action=report.send", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["Cookie"] = "cn_report=" .. tokens[i],
    ["X-Forwarded-For"] = ip,
  }, "confirm=yes")
end
`;

await runBenchmark(async () => {
  for (const tool of [NGINX, WRK])
    if (!fs.existsSync(tool)) throw new BenchError(`${tool} is missing: apt-get install nginx wrk.`);
  const tmp = makeTempDir();
  const { entry } = await buildEntry(tmp);
  const dbEnv = await freshDatabase('postgres', tmp);
  const sql = postgres(dbEnv.DATABASE_URL as string, { max: 2, onnotice: () => {} });
  const appSecret = new Uint8Array(Buffer.from(dbEnv.APP_SECRET as string, 'base64'));
  // One public address for both runs: the instances build their emails' links from it.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const extra = { EMAIL_WORKER: 'off', TRUSTED_PROXIES: '2', PUBLIC_BASE_URL: origin };
  const apps = [
    await startApp(entry, dbEnv, path.join(tmp, 'instance-1.log'), extra),
    await startApp(entry, dbEnv, path.join(tmp, 'instance-2.log'), extra),
  ];
  const answers = await realAnswers(apps[0] as App, sql);
  const results: {
    instances: number;
    pages: Record<string, Measurement & { cpu: CpuShares }>;
    sends: { perSecond: number; p99: number; cpu: CpuShares };
  }[] = [];
  try {
    for (const count of [1, 2]) {
      const dir = path.join(tmp, `nginx-${count}`);
      const conf = writeNginxConf(dir, {
        upstreams: apps.slice(0, count).map((a) => ({ port: Number(new URL(a.base).port) })),
        listen: `127.0.0.1:${port}`,
        logDir: dir,
      });
      const nginx = start(NGINX, ['-p', dir, '-c', conf], process.env, path.join(dir, 'nginx-stderr.log'));
      await waitUntilUp(`${origin}/`, nginx, path.join(dir, 'nginx-error.log'));
      console.log(`\n${count} instance${count > 1 ? 's' : ''} behind nginx at ${origin}`);
      const pages: Record<string, Measurement & { cpu: CpuShares }> = {};
      for (const page of PAGES) {
        wrk(`${origin}${page}`, 64, 2);
        const { result, cpu } = withCpu(apps, () => wrk(`${origin}${page}`, 64, DURATION));
        pages[page] = { ...result, cpu };
        console.log(
          `  ${page}: ${Math.round(result.reqPerSec)} req/s, p99 ${result.p99} ms, cores ${JSON.stringify(cpu)}`,
        );
      }
      const tokens = path.join(tmp, `tokens-${count}.txt`);
      const [first] = await prepareDrafts(sql, appSecret, answers, 40_000, tokens);
      // One send by hand first: a refusal here says why, where wrk would only count it.
      const probe = await fetch(`${origin}/report/check?_action=report.send`, {
        method: 'POST',
        headers: {
          origin,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `cn_report=${first}`,
          'x-forwarded-for': '10.255.255.255',
        },
        body: 'confirm=yes',
        redirect: 'manual',
      });
      const body = await probe.text();
      if (!probe.headers.get('location')?.startsWith('/report/sent'))
        throw new BenchError(
          `A prepared draft's send answered ${probe.status} ${probe.headers.get('location') ?? ''}: ${body.slice(0, 200)}\n` +
            apps
              .flatMap((a) => fs.readFileSync(a.logFile, 'utf8').split('\n'))
              .filter((line) => line.includes('"level":"error"'))
              .join('\n'),
        );
      const script = path.join(tmp, 'send.lua');
      fs.writeFileSync(script, SEND_SCRIPT);
      const [before] = await sql`select count(*)::int as n from concerns`;
      const seconds = DURATION * 2;
      const { result, cpu } = withCpu(apps, () =>
        wrk(`${origin}/report/check`, SEND_CONNECTIONS, seconds, {
          file: script,
          env: { TOKENS: tokens, ORIGIN: origin },
        }),
      );
      const [after] = await sql`select count(*)::int as n from concerns`;
      const sent = (after?.n ?? 0) - (before?.n ?? 0);
      if (sent >= 40_000) throw new BenchError('Every prepared draft was sent: prepare more.');
      const perSecond = Math.round(sent / seconds);
      console.log(
        `  concerns sent: ${sent} in ${seconds} s = ${perSecond}/s, p99 ${result.p99} ms, cores ${JSON.stringify(cpu)}`,
      );
      if (sent < result.requests * 0.99)
        throw new BenchError(`wrk made ${result.requests} requests but only ${sent} concerns were stored.`);
      await sql`delete from form_drafts`;
      results.push({ instances: count, pages, sends: { perSecond, p99: result.p99, cpu } });
      await stop(nginx);
      await sleep(200);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  console.log('\n                     1 instance        2 instances');
  for (const page of PAGES)
    console.log(
      `  ${page.padEnd(18)} ${results.map((r) => `${Math.round(r.pages[page]?.reqPerSec ?? 0)} req/s`.padEnd(18)).join('')}`,
    );
  console.log(
    `  ${'concerns sent'.padEnd(18)} ${results.map((r) => `${r.sends.perSecond}/s`.padEnd(18)).join('')}`,
  );
  console.log(`\nSaved to ${saveResults('cluster', { duration: DURATION, results })}`);
});
