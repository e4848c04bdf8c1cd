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
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {
  BenchError,
  buildEntry,
  type Database,
  databasesFromEnv,
  freePort,
  freshDatabase,
  isRunning,
  makeTempDir,
  median,
  message,
  NGINX,
  pagesFromEnv,
  positiveInt,
  runBenchmark,
  saveResults,
  sleep,
  start,
  startApp,
  stop,
  tail,
  waitUntilUp,
} from './harness.ts';
import { type Counts, type Measurement, WRK, wrk } from './wrk.ts';

// autocannon ships no type declarations: the part of its result read here.
type CannonResult = Counts & {
  duration: number; // seconds actually elapsed
  requests: { total: number };
  latency: Record<'p50' | 'p99', number>;
};
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => Promise<CannonResult>;

const PAGES = pagesFromEnv();
const WARMUP = 2; // seconds, run first and discarded

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

interface PageResult {
  url: string;
  /** The round whose ratio is the median (its app and nginx figures are the ones reported). */
  app: Measurement;
  baseline: Measurement;
  ratio: number;
  /** Every round, portal then nginx, in the order they ran. */
  rounds: { app: Measurement; baseline: Measurement; ratio: number }[];
  /** Of 100 requests sent after the run, how many the page cache answered (`x-cache: hit`). */
  sampledHits: number;
}

/** The round with the median ratio (the middle one of an odd number). */
function medianRound<T extends { ratio: number }>(rounds: T[]): T {
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

/** One GET on a new connection (a pooled one may have been closed meanwhile): its time and x-cache. */
function timedGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ms: number; cache: string | undefined }> {
  return new Promise((resolve, reject) => {
    const began = process.hrtime.bigint();
    http
      .get(url, { agent: false, headers }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            ms: Number(process.hrtime.bigint() - began) / 1e6,
            cache: res.headers['x-cache'] as string | undefined,
          }),
        );
      })
      .on('error', reject);
  });
}

/** What a browser asks for: the cold-page comparison sends it. */
const BROWSER_ENCODINGS = { 'accept-encoding': 'br, gzip' };

async function measureWith(
  tool: 'wrk' | 'autocannon',
  url: string,
  connections: number,
  duration: number,
  warmUp: boolean,
) {
  if (tool === 'wrk') {
    if (warmUp) wrk(url, connections, WARMUP);
    return wrk(url, connections, duration);
  }
  if (warmUp) await autocannon({ url, connections, duration: WARMUP });
  const r = await autocannon({ url, connections, duration });
  const { non2xx, errors, timeouts, latency } = r;
  // Total over elapsed time: autocannon's requests.average is a mean of per-second samples.
  const reqPerSec = Math.round((r.requests.total / r.duration) * 10) / 10;
  return {
    reqPerSec,
    requests: r.requests.total,
    p50: latency.p50,
    p99: latency.p99,
    non2xx,
    errors,
    timeouts,
  };
}

/** The x-cache header of one GET on a new connection. */
const xCache = async (url: string) => (await timedGet(url)).cache;

/** The page cache's counters, as the app logs them when it stops. */
function cacheStats(logFile: string): Record<string, number> | null {
  const line = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .reverse()
    .find((l) => l.includes('"message":"Page cache"'));
  if (!line) return null;
  const { hits, misses, stores, evictions, entries, bytes } = JSON.parse(line);
  return { hits, misses, stores, evictions, entries, bytes };
}

/** One database: a fresh seeded database, the app on it, the baseline of its HTML, the load. */
async function benchDatabase(
  kind: Database,
  entry: string,
  tmp: string,
  settings: { connections: number; duration: number; rounds: number; tool: 'wrk' | 'autocannon' },
) {
  const log = (name: string) => path.join(tmp, `${kind}-${name}.log`);
  const dbEnv = await freshDatabase(kind, tmp);
  const app = await startApp(entry, dbEnv, log('app'));
  const { base: appBase, child: appServer, env: appEnv } = app;
  console.log(`[${kind}] app:      ${appBase} (Node ${process.version}, one process)`);

  // The baseline: the app's own HTML for each page, saved as <url>/index.html and served statically.
  const site = path.join(tmp, `site-${kind}`);
  const html = new Map<string, Buffer>();
  for (const url of PAGES) {
    const res = await fetch(appBase + url, { headers: { 'accept-encoding': 'identity' } });
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
    const prefix = path.join(tmp, `nginx-${kind}`);
    fs.mkdirSync(prefix, { recursive: true });
    fs.writeFileSync(path.join(prefix, 'nginx.conf'), nginxConf(prefix, site, basePort));
    const args = ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', log('nginx-error')];
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
  console.log(`[${kind}] baseline: ${baseBase} (${baseline})`);

  // Cold: the first request for each page after a restart is an uncached render.
  const results: PageResult[] = [];
  for (const url of PAGES) {
    // Portal then nginx, round after round: a burst of other work on the machine (or the app's
    // hourly retention run) lands in one round, and the median round is reported.
    const rounds: PageResult['rounds'] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const warmUp = round === 0;
      const { connections, duration, tool } = settings;
      const app = await measureWith(tool, appBase + url, connections, duration, warmUp);
      const base = await measureWith(tool, baseBase + url, connections, duration, warmUp);
      rounds.push({ app, baseline: base, ratio: app.reqPerSec / base.reqPerSec });
    }
    const { app, baseline: base, ratio } = medianRound(rounds);
    if (!isRunning(appServer)) throw new BenchError(`The app exited under load:\n${tail(log('app'))}`);
    let sampledHits = 0;
    for (let i = 0; i < 100; i++) {
      const cache = await xCache(appBase + url).catch((error: unknown) => {
        throw new BenchError(`GET ${url} after the load: ${message(error)}\n${tail(log('app'))}`);
      });
      if (cache === 'hit') sampledHits++;
    }
    console.log(
      `  ${url}: app ${Math.round(app.reqPerSec)}, baseline ${Math.round(base.reqPerSec)} req/s, ratio ${ratio.toFixed(3)} (rounds ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}), app p99 ${app.p99} ms`,
    );
    results.push({ url, app, baseline: base, ratio, rounds, sampledHits });
  }

  // A cold page: the first request after a publish purged it, against a render with no cache at
  // all. PostgreSQL only: there another process (this script) can announce a change, as a staff
  // write in another instance would; the embedded database belongs to the app's process.
  let cold: ColdResult[] | undefined;
  if (kind === 'postgres' && dbEnv.DATABASE_URL) {
    const notifier = postgres(dbEnv.DATABASE_URL, { max: 1, onnotice: () => {} });
    const uncachedPort = await freePort();
    const uncachedBase = `http://127.0.0.1:${uncachedPort}`;
    const uncachedEnv = { ...appEnv, PORT: String(uncachedPort), PAGE_CACHE_MB: '0', EMAIL_WORKER: 'off' };
    const uncached = start(process.execPath, [entry], uncachedEnv, log('app-uncached'));
    try {
      await waitUntilUp(`${uncachedBase}/`, uncached, log('app-uncached'));
      cold = [];
      for (const url of PAGES) {
        const coldMs: number[] = [];
        const uncachedMs: number[] = [];
        for (let i = 0; i < COLD_SAMPLES; i++) {
          await notifier`select pg_notify('cn_page_cache', 'all')`;
          await sleep(100);
          const first = await timedGet(appBase + url, BROWSER_ENCODINGS);
          if (first.cache !== 'miss') throw new BenchError(`${url} after a purge: x-cache ${first.cache}`);
          coldMs.push(first.ms);
          uncachedMs.push((await timedGet(uncachedBase + url, BROWSER_ENCODINGS)).ms);
        }
        cold.push({ url, coldMs: median(coldMs), uncachedMs: median(uncachedMs) });
      }
    } finally {
      await notifier.end({ timeout: 5 });
      await stop(uncached);
    }
  }
  await stop(appServer);
  await stop(server);
  return { kind, baseline, results, cold, cache: cacheStats(log('app')) };
}

/** Requests per page for the cold-page comparison. */
const COLD_SAMPLES = 15;

interface ColdResult {
  url: string;
  /** Median time of the first request after a purge (a miss: rendered, then stored). */
  coldMs: number;
  /** Median time of the same request to an instance with the page cache off. */
  uncachedMs: number;
}

async function main(): Promise<void> {
  const connections = positiveInt('BENCH_CONNECTIONS', 64);
  const duration = positiveInt('BENCH_DURATION', 5); // seconds, per URL per target per round
  const rounds = positiveInt('BENCH_ROUNDS', 3);
  const tool = fs.existsSync(WRK) && process.env.BENCH_TOOL !== 'autocannon' ? 'wrk' : 'autocannon';
  const databases = databasesFromEnv('pglite,postgres');
  const tmp = makeTempDir();
  const { entry, build } = await buildEntry(tmp);
  console.log(
    `${tool}: ${connections} connections, ${WARMUP} s warm-up + ${rounds} rounds of ${duration} s per URL and target`,
  );

  const runs = [];
  for (const kind of databases)
    runs.push(await benchDatabase(kind, entry, tmp, { connections, duration, rounds, tool }));

  // Report: a table per database, the JSON file, then fail on any error or non-2xx response.
  const widths = [Math.max(...PAGES.map((p) => p.length)), 10, 9, 10, 9, 7, 6];
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c, i) => String(c)[i ? 'padStart' : 'padEnd'](widths[i] ?? 0)).join(' | ')} |`;
  const round = (n: number, digits = 0) => Number(n.toFixed(digits));
  for (const r of runs) {
    console.log(`\n${r.kind} (baseline: ${r.baseline})`);
    console.log(line(['page', 'portal r/s', 'p99 ms', 'nginx r/s', 'p99 ms', 'ratio', 'hits']));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const { url, app: a, baseline: b, ratio, sampledHits } of r.results) {
      console.log(
        line([
          url,
          round(a.reqPerSec),
          round(a.p99, 2),
          round(b.reqPerSec),
          round(b.p99, 2),
          ratio.toFixed(3),
          `${sampledHits}%`,
        ]),
      );
    }
    if (r.cold) {
      console.log(`cold pages (median of ${COLD_SAMPLES}; first request after a purge vs the cache off):`);
      for (const c of r.cold)
        console.log(`  ${c.url}: cold ${c.coldMs.toFixed(1)} ms, uncached ${c.uncachedMs.toFixed(1)} ms`);
    }
    if (r.cache) {
      const { hits = 0, misses = 0 } = r.cache;
      console.log(
        `page cache over the run: ${hits} hits, ${misses} misses (${((100 * hits) / Math.max(1, hits + misses)).toFixed(2)}% hit rate), ${r.cache.entries} entries, ${r.cache.bytes} bytes`,
      );
    }
  }

  const settings = { tool, connections, durationSeconds: duration, rounds, warmupSeconds: WARMUP, build };
  const machine = { node: process.version, cpus: availableParallelism(), arch: process.arch };
  console.log(`\nResults written to ${saveResults('pages', { settings, machine, runs })}`);

  const failures = runs.flatMap((r) =>
    r.results.flatMap(({ url, app, baseline: base }) =>
      Object.entries({ app, baseline: base })
        .filter(([, m]) => m.non2xx + m.errors + m.timeouts > 0)
        .map(
          ([who, m]) =>
            `  ${r.kind} ${who} ${url}: ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts`,
        ),
    ),
  );
  if (failures.length > 0) throw new BenchError(`Some requests failed:\n${failures.join('\n')}`);
}

await runBenchmark(main);
