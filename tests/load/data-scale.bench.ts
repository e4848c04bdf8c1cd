// Data-scale benchmark: `npm run bench:scale`. How the staff pages, the archive, retention and
// publishing cost grows with the data, on PostgreSQL. A fresh database is migrated and seeded, then
// topped up to each scale in BENCH_SCALES (default "0.1,1"; 1 = 1,000,000 concerns with their events,
// 100,000 subscribers, 600 newsletter issues and 37 wards × 10 years of priorities) and at each:
// - the staff pages through the built server, signed in as an administrator: the concern queue
//   (unfiltered, by status, by ward and status, a deep page) and a concern's page — p50/p95 of
//   BENCH_RUNS requests each, one at a time;
// - the same pages' queries in process (p95), with the newsletter archive's last page and a ward's
//   priorities (public pages, served from the page cache once rendered: the figure is a cache miss);
// - every query those ran, EXPLAINed: a sequential scan of a table of more than 10,000 rows fails the
//   run's "no whole-table reads" check, and the plans are saved with the results;
// - the retention job's run (one day's work) and publishing one issue to every subscriber.
// Goal: every staff page p95 ≤ 200 ms. The database is dropped afterwards, whatever happens.
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { staffUsers } from '../../db/schema/index.ts';
import { QueueFilterSchema } from '../../src/features/concerns/concerns.schema.ts';
import { getStaffConcern } from '../../src/features/concerns/triage-detail.server.ts';
import { listConcernQueue } from '../../src/features/concerns/triage-queue.server.ts';
import { listPublishedNewsletters } from '../../src/features/newsletters/archive.server.ts';
import { createNewsletter } from '../../src/features/newsletters/issues.server.ts';
import { publishNewsletter } from '../../src/features/newsletters/publishing.server.ts';
import { listWardPriorities } from '../../src/features/priorities/priorities.server.ts';
import { enforceRetention } from '../../src/features/retention/retention.server.ts';
import { createStaff } from '../helpers/staff.ts';
import { topUp } from './data-scale-seed.ts';
import {
  BenchError,
  buildEntry,
  freshDatabase,
  makeTempDir,
  positiveInt,
  runBenchmark,
  saveResults,
  startApp,
  stop,
} from './harness.ts';

const RUNS = positiveInt('BENCH_RUNS', 40);
const SCALES = (process.env.BENCH_SCALES || '0.1,1').split(',').map(Number);
if (SCALES.some((s) => !(s > 0 && s <= 10)))
  throw new BenchError('BENCH_SCALES lists numbers from 0 to 10, comma-separated (1 = a million concerns).');
const STAFF_P95_GOAL_MS = 200;
const BIG_TABLE_ROWS = 10_000;

const p = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (n: number) => Math.round(n * 10) / 10;

/** Queries the features ran while `captured` is on: the SQL with its parameters. */
const captured: { on: boolean; queries: { sql: string; params: unknown[] }[] } = { on: false, queries: [] };

async function timeIt(runs: number, f: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return { p50: ms(p(times, 0.5)), p95: ms(p(times, 0.95)) };
}

interface PlanCheck {
  label: string;
  query: string;
  /** Sequential scans of more than BIG_TABLE_ROWS rows with no LIMIT above them: whole-table reads. */
  wholeTableReads: string[];
  /** Sequential scans of a big table that a LIMIT above them stops early (a capped count). */
  cappedScans: string[];
  plan: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, underLimit: boolean, out: { whole: string[]; capped: string[] }): void {
  const limited = underLimit || node['Node Type'] === 'Limit';
  if (node['Node Type'] === 'Seq Scan' && node['Plan Rows'] > BIG_TABLE_ROWS)
    (underLimit ? out.capped : out.whole).push(`${node['Relation Name']} (${node['Plan Rows']} rows)`);
  for (const child of node.Plans ?? []) seqScans(child, limited, out);
}

/** EXPLAINs each captured query; names the big tables a plan reads in full. */
async function explainAll(client: postgres.Sql, label: string): Promise<PlanCheck[]> {
  const checks: PlanCheck[] = [];
  const seen = new Set<string>();
  for (const q of captured.queries) {
    if (seen.has(q.sql) || /^\s*(insert|begin|commit|select pg_notify)/i.test(q.sql)) continue;
    seen.add(q.sql);
    const text = await client.unsafe(`explain ${q.sql}`, q.params as never[]);
    const [json] = await client.unsafe(`explain (format json) ${q.sql}`, q.params as never[]);
    const found = { whole: [] as string[], capped: [] as string[] };
    const plan = (json?.['QUERY PLAN'] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan;
    if (plan) seqScans(plan, false, found);
    checks.push({
      label,
      query: q.sql,
      wholeTableReads: found.whole,
      cappedScans: found.capped,
      plan: text.map((r) => r['QUERY PLAN']).join('\n'),
    });
  }
  captured.queries = [];
  return checks;
}

async function measureScale(
  scale: number,
  client: postgres.Sql,
  db: Db,
  entry: string,
  dbEnv: NodeJS.ProcessEnv,
  tmp: string,
) {
  console.log(`\n== scale ${scale} ==`);
  const seeded = await topUp(client, scale);
  console.log(`Topped up in ${Math.round(seeded.ms / 1000)} s: ${JSON.stringify(seeded.counts)}`);

  const [ward] = await client`select w.id, w.slug from wards w order by w.id limit 1 offset 5`;
  if (!ward) throw new BenchError('No wards: was the database seeded?');
  const [concern] =
    await client`select id from concerns where ward_id = ${ward.id} order by created_at desc limit 1`;
  const admin = await createStaff(db, 'admin');
  const filters = {
    'queue (all)': {},
    'queue (open)': { status: 'open' },
    'queue (ward, open)': { ward: ward.slug, status: 'open' },
    'queue (ward, closed, page 40)': { ward: ward.slug, status: 'closed', page: '40' },
  } as const;

  // In process: each query's time, and its plan.
  const inProcess: Record<string, { p50: number; p95: number }> = {};
  const plans: PlanCheck[] = [];
  const measure = async (label: string, f: () => Promise<unknown>) => {
    await f(); // warm
    inProcess[label] = await timeIt(RUNS, f);
    captured.on = true;
    await f();
    captured.on = false;
    plans.push(...(await explainAll(client, label)));
  };
  for (const [label, f] of Object.entries(filters))
    await measure(label, () => listConcernQueue(db, 'all', QueueFilterSchema.parse(f)));
  await measure('concern page', () => getStaffConcern(db, concern?.id, 'all'));
  const archive = await listPublishedNewsletters(db, {});
  const lastPage = archive?.pages ?? 1;
  await measure('archive last page', () => listPublishedNewsletters(db, { page: lastPage }));
  await measure('ward priorities', () => listWardPriorities(db, ward.slug));

  // Through the built server: the staff pages as an administrator's browser gets them.
  const app = await startApp(entry, dbEnv, `${tmp}/server-${scale}.log`, { EMAIL_WORKER: 'off' });
  const cookie = `cn_staff=${admin.token}`;
  const pages: Record<string, { p50: number; p95: number; status: number }> = {};
  const pageUrls: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(filters).map(([label, f]) => [label, `/staff/concerns?${new URLSearchParams(f)}`]),
    ),
    'concern page': `/staff/concerns/${concern?.id}`,
  };
  for (const [label, url] of Object.entries(pageUrls)) {
    let status = 0;
    const get = async () => {
      const res = await fetch(`${app.base}${url}`, { headers: { cookie }, redirect: 'manual' });
      await res.arrayBuffer();
      status = res.status;
    };
    await get();
    pages[label] = { ...(await timeIt(RUNS, get)), status };
    if (status !== 200) throw new BenchError(`${url} answered ${status}, not 200.`);
  }
  await stop(app.child);

  // Retention: one day's work (the job runs daily), in a transaction rolled back so each scale starts alike.
  const retention = await timeIt(1, () =>
    db
      .transaction(async (tx) => {
        captured.on = true;
        const counts = await enforceRetention(tx);
        captured.on = false;
        console.log(`Retention would remove or erase: ${JSON.stringify(counts)}`);
        throw new RolledBack();
      })
      .catch((e) => {
        if (!(e instanceof RolledBack)) throw e;
      }),
  );
  plans.push(...(await explainAll(client, 'retention')));

  // Publishing one issue to every confirmed subscriber who wants everything.
  const id = await createNewsletter(
    db,
    {
      title: `Community safety news at scale ${scale}`,
      summary: 'Ward priorities, the Local Action Plan and your panel meetings',
      issueDate: '2026-12-01',
      body: 'Your ward panel met this month to review the priorities residents voted for.',
      audience: { kind: 'all' },
    },
    { id: admin.id, email: admin.email },
  );
  const t = performance.now();
  const { queued } = await publishNewsletter(
    db,
    id,
    { id: admin.id, email: admin.email },
    { appSecret: new Uint8Array(32).fill(7), baseUrl: 'https://portal.example' },
  );
  const publishMs = performance.now() - t;
  await client`delete from email_outbox`; // the next scale publishes to its own readers

  const bad = plans.filter((c) => c.wholeTableReads.length > 0);
  return {
    scale,
    counts: seeded.counts,
    archiveLastPage: lastPage,
    seedSeconds: Math.round(seeded.ms / 1000),
    pages,
    inProcess,
    retentionMs: retention.p50,
    publish: { readers: queued, seconds: Math.round(publishMs / 100) / 10 },
    wholeTableReads: bad.map((c) => ({ label: c.label, reads: c.wholeTableReads, query: c.query })),
    cappedScans: plans
      .filter((c) => c.cappedScans.length > 0)
      .map((c) => ({ label: c.label, reads: c.cappedScans, query: c.query })),
    plans,
  };
}

class RolledBack extends Error {}

await runBenchmark(async () => {
  const tmp = makeTempDir();
  const { entry } = await buildEntry(tmp);
  const dbEnv = await freshDatabase('postgres', tmp);
  const url = dbEnv.DATABASE_URL as string;
  const client = postgres(url, { max: 4, onnotice: () => {} });
  const db = drizzle({
    client,
    schema,
    logger: {
      logQuery: (query, params) => {
        if (captured.on) captured.queries.push({ sql: query, params });
      },
    },
  }) as unknown as Db;
  await db.select().from(staffUsers).limit(1);
  const results = [];
  try {
    for (const scale of SCALES) results.push(await measureScale(scale, client, db, entry, dbEnv, tmp));
  } finally {
    await client.end({ timeout: 5 });
  }

  console.log('\nStaff pages through the server (ms, p50 / p95):');
  const labels = Object.keys(results[0]?.pages ?? {});
  for (const label of labels)
    console.log(
      `  ${label.padEnd(32)} ${results.map((r) => `${r.scale}: ${r.pages[label]?.p50} / ${r.pages[label]?.p95}`).join('   ')}`,
    );
  console.log('Queries in process (ms, p95):');
  for (const label of Object.keys(results[0]?.inProcess ?? {}))
    console.log(
      `  ${label.padEnd(32)} ${results.map((r) => `${r.scale}: ${r.inProcess[label]?.p95}`).join('   ')}`,
    );
  for (const r of results) {
    console.log(
      `Scale ${r.scale}: retention ${r.retentionMs} ms; publishing to ${r.publish.readers} readers ${r.publish.seconds} s`,
    );
    for (const w of r.wholeTableReads) console.log(`  whole-table read in ${w.label}: ${w.reads.join(', ')}`);
    for (const w of r.cappedScans)
      console.log(`  scan stopped by a LIMIT in ${w.label}: ${w.reads.join(', ')} (stops at the LIMIT)`);
  }
  const misses = results.flatMap((r) =>
    Object.entries(r.pages)
      .filter(([, v]) => v.p95 > STAFF_P95_GOAL_MS)
      .map(([k, v]) => `${k} at scale ${r.scale}: p95 ${v.p95} ms`),
  );
  const file = saveResults('data-scale', { runs: RUNS, results });
  console.log(`\nSaved with every plan to ${file}`);
  if (misses.length > 0) console.log(`Over the ${STAFF_P95_GOAL_MS} ms goal: ${misses.join('; ')}`);
  const whole = results.flatMap((r) => r.wholeTableReads);
  if (misses.length > 0 || whole.length > 0)
    throw new BenchError(
      `Goal missed: ${misses.length} page(s) over ${STAFF_P95_GOAL_MS} ms, ${whole.length} whole-table read(s).`,
    );
});
