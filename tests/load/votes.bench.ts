// Vote benchmark: `npm run bench:votes`. On each database (BENCH_DATABASES, default pglite,postgres):
// a fresh migrated and seeded database with an open round in Holloway (made in the database before the
// built server starts); VOTES_BENCH_WARMUP voters (default 200; 0 for a cold server) first vote the
// same way in Barnsbury's round, unmeasured; then VOTES_BENCH_VOTERS voters (default 500) at once
// through the real HTTP actions of the built server: each casts (POST …/vote?_action=votes.cast, as the no-JS form and the
// island post it), the server's own email worker delivers the codes into the local mailbox (no Resend
// key), the bench reads each code there as an administrator would (/staff/mailbox, the dev mailbox:
// no hook exists for it, in production or here), and all confirm at once (POST
// …/vote/code?_action=votes.confirm with the voter's cookie). Each voter comes from an address of its
// own (TRUSTED_PROXIES=1 and X-Forwarded-For, as behind nginx), so the per-client limits apply as in
// life. Reported: confirmed votes/s (voters ÷ the time of the cast and confirm phases, the mail
// delivery between them left out) and its ratio to a raw single-row INSERT loop through the same
// driver (PGlite or postgres.js) on the same database in the same run (goal ≥ 0.30; the loop runs
// before the voters and after them and the mean is taken, as the shared machine's load moves), beside
// the same inserts sent all at once (the voters' concurrency model); where each vote's CPU went (the
// server, PostgreSQL, this bench, the rest, from /proc); the machine's ceiling (the same requests
// answered by nginx with the portal's own answers, doing no work; decision 0158); and that the stored
// ballots, the tally and the voters' choices agree: none lost, none doubled.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { createDb, type DbOptions } from '../../db/client.ts';
import { voteBallots } from '../../db/schema/index.ts';
import { recount } from '../../src/features/votes/rounds.ts';
import { tallyRound } from '../../src/features/votes/tally.server.ts';
import { createStaff, TEST_SECRET } from '../helpers/staff.ts';
import { createOpenRound } from '../helpers/votes.ts';
import {
  BenchError,
  buildEntry,
  cpuOf,
  type Database,
  databasesFromEnv,
  freshDatabase,
  machineBusy,
  makeTempDir,
  NGINX,
  pidsNamed,
  positiveInt,
  runBenchmark,
  saveResults,
  startApp,
  stop,
  tail,
} from './harness.ts';
import { type CapturedRedirect, captureRedirect, serveRedirects } from './static-copy.ts';

const VOTERS = positiveInt('VOTES_BENCH_VOTERS', 500);
const RAW_ROWS = positiveInt('VOTES_BENCH_RAW_ROWS', 2000);
const WARD = 'holloway';
/** Voters first sent through the same journey in another ward's round, unmeasured: a server that has
 * run for a while (its code compiled, its pools open), as in life. 0: measure a cold server. */
const WARMUP_VOTERS = Number(process.env.VOTES_BENCH_WARMUP ?? 200);
const WARMUP_WARD = 'barnsbury';
const GOAL = 0.3;

const dbOptions = (env: NodeJS.ProcessEnv): DbOptions =>
  env.DATABASE_URL
    ? { url: env.DATABASE_URL, maxConnections: 4 }
    : { dataDir: env.PGLITE_DATA_DIR as string };

interface Voter {
  email: string;
  client: string;
  choices: number[];
  cookie?: string;
  code?: string;
}

/** What happens before the server opens the database: the round, and an administrator to read mail. */
async function prepare(env: NodeJS.ProcessEnv) {
  const handle = await createDb(dbOptions(env));
  try {
    const round = await createOpenRound(handle.db, WARD, { options: 5, maxChoices: 3 });
    const warmup = await createOpenRound(handle.db, WARMUP_WARD, { options: 5, maxChoices: 3 });
    const admin = await createStaff(handle.db, 'admin');
    return { round, warmup, session: admin.token };
  } finally {
    await handle.close();
  }
}

async function post(base: string, url: string, voter: Voter, body: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) form.append(k, x);
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: base,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': voter.client,
      ...(voter.cookie ? { cookie: voter.cookie } : {}),
    },
    body: form,
  });
  await res.arrayBuffer();
  return res;
}

/** Every voter's code, from the local mailbox's pages (the worker delivers in the background). */
async function readCodes(base: string, session: string, voters: Voter[]): Promise<void> {
  const headers = { cookie: `cn_staff=${session}` };
  const byAddress = new Map(voters.map((v) => [v.email, v]));
  const ids = new Map<string, string>();
  const deadline = Date.now() + 120_000;
  while (ids.size < voters.length) {
    if (Date.now() > deadline)
      throw new BenchError(`Only ${ids.size} of ${voters.length} codes were delivered.`);
    for (let page = 1; page <= 1000; page++) {
      const html = await (await fetch(`${base}/staff/mailbox?page=${page}`, { headers })).text();
      for (const m of html.matchAll(
        /href="\/staff\/mailbox\/([0-9a-f-]{36})"[^>]*>[^<]*<\/a><\/td>\s*<td[^>]*>([^<]*)<\/td>/g,
      ))
        if (byAddress.has(m[2] as string)) ids.set(m[2] as string, m[1] as string);
      if (!html.includes(`page=${page + 1}"`)) break;
    }
    if (ids.size < voters.length) await new Promise((r) => setTimeout(r, 500));
  }
  await Promise.all(
    [...ids].map(async ([email, id]) => {
      const html = await (await fetch(`${base}/staff/mailbox/${id}`, { headers })).text();
      const code = html.match(/id="email-text"[^>]*>[\s\S]*?\b(\d{6})\b/)?.[1];
      if (!code) throw new BenchError(`No code in the message to ${email}`);
      (byAddress.get(email) as Voter).code = code;
    }),
  );
}

/**
 * Raw single-row INSERTs through the same driver, on the same database: rows/s. `loop`: one after
 * another on one connection (the issue's yardstick). `concurrent`: RAW_ROWS at once through a pool the
 * size of the server's (postgres.js's 10; PGlite has its one connection), as the voters come at once:
 * the database's insert throughput under the votes' concurrency model, reported beside it.
 */
async function rawInserts(env: NodeJS.ProcessEnv, mode: 'loop' | 'concurrent'): Promise<number> {
  const handle = await createDb(
    env.DATABASE_URL ? { url: env.DATABASE_URL, maxConnections: 10 } : dbOptions(env),
  );
  try {
    await handle.db.execute(sql`create table bench_raw (id serial primary key, v text not null)`);
    const insert = (i: number) => handle.db.execute(sql`insert into bench_raw (v) values (${`row ${i}`})`);
    const started = performance.now();
    if (mode === 'loop') for (let i = 0; i < RAW_ROWS; i++) await insert(i);
    else await Promise.all(Array.from({ length: RAW_ROWS }, (_, i) => insert(i)));
    return RAW_ROWS / ((performance.now() - started) / 1000);
  } finally {
    await handle.db.execute(sql`drop table if exists bench_raw`);
    await handle.close();
  }
}

/** The stored ballots against the tally and the voters' own choices. */
async function check(env: NodeJS.ProcessEnv, roundId: number, optionIds: number[], voters: Voter[]) {
  const handle = await createDb(dbOptions(env));
  try {
    const stored = await handle.db.select().from(voteBallots).where(eq(voteBallots.roundId, roundId));
    const tally = await tallyRound(handle.db, roundId);
    const expected = recount(optionIds, voters);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const ok =
      stored.length === voters.length &&
      tally.turnout === voters.length &&
      same(tally.counts, recount(optionIds, stored)) &&
      same(tally.counts, expected);
    return { rows: stored.length, turnout: tally.turnout, countsMatch: ok, counts: tally.counts };
  } finally {
    await handle.close();
  }
}

const castPath = (ward: string) => `/wards/${ward}/vote`;
const confirmPath = (ward: string) => `/wards/${ward}/vote/code`;

/** `count` voters, each with an address and a client of their own (`net`: the clients' 10.x/16). */
function makeVoters(count: number, name: string, net: number, optionIds: number[]): Voter[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `${name}-${i}@example.org`,
    client: `10.${net}.${(i >> 8) & 255}.${i & 255}`,
    choices: optionIds.filter((_, j) => j === i % 5 || j === (i * 7) % 5).slice(0, 3),
  }));
}

/** Every voter casts at once (as the no-JS form and the island post it). */
function castAll(base: string, ward: string, voters: Voter[]): Promise<Response[]> {
  return Promise.all(
    voters.map((v) =>
      post(base, `${castPath(ward)}?_action=votes.cast`, v, {
        ward,
        choices: v.choices.map(String),
        email: v.email,
        postcode: 'N7 8LX',
      }),
    ),
  );
}

/** Every voter types their code at once, with their vote cookie. */
function confirmAll(base: string, ward: string, voters: Voter[]): Promise<Response[]> {
  return Promise.all(
    voters.map((v) =>
      post(base, `${confirmPath(ward)}?_action=votes.confirm`, v, { ward, code: v.code ?? '000000' }),
    ),
  );
}

/** Casts, reads the codes and confirms, checking every answer; returns the answers of each step. */
async function voteAll(base: string, session: string, ward: string, voters: Voter[], logFile: string) {
  const casts = await castAll(base, ward, voters);
  keepCookies(casts, voters, logFile);
  await readCodes(base, session, voters);
  expectCounted(await confirmAll(base, ward, voters));
}

/** Each voter's vote cookie from their cast's answer (a 303, or the bench stops). */
function keepCookies(casts: Response[], voters: Voter[], logFile: string): void {
  casts.forEach((res, i) => {
    if (res.status !== 303) throw new BenchError(`A cast was answered ${res.status}:\n${tail(logFile)}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cn_vote='));
    (voters[i] as Voter).cookie = cookie?.split(';')[0];
  });
}

/** Every confirmation ended on the "counted" page, or the bench stops. */
function expectCounted(confirmations: Response[]): void {
  const refused = confirmations.filter(
    (r) => r.status !== 303 || !r.headers.get('location')?.endsWith('/vote/counted'),
  );
  if (refused.length)
    throw new BenchError(`${refused.length} confirmations were refused (first: ${refused[0]?.status})`);
}

/** CPU milliseconds per voter: the server, PostgreSQL, this bench (the load generator), the rest. */
type CpuPerVote = Record<'server' | 'postgres' | 'bench' | 'rest', number>;

interface Phase {
  ms: number;
  cpu: CpuPerVote;
  answers: Response[];
}

/** Runs one phase of VOTERS requests, timing it and reading where the machine's CPU went. */
async function phase(kind: Database, server: { pid?: number }, f: () => Promise<Response[]>): Promise<Phase> {
  const parts = () => ({
    server: cpuOf(server.pid ? [server.pid] : []),
    postgres: kind === 'postgres' ? cpuOf(pidsNamed(['postgres'])) : 0,
    bench: cpuOf([process.pid]),
    machine: machineBusy(),
  });
  const before = parts();
  const started = performance.now();
  const answers = await f();
  const ms = performance.now() - started;
  const after = parts();
  const per = (s: number) => +((s * 1000) / VOTERS).toFixed(2);
  const used = {
    server: after.server - before.server,
    postgres: after.postgres - before.postgres,
    bench: after.bench - before.bench,
  };
  const rest = after.machine - before.machine - used.server - used.postgres - used.bench;
  return {
    ms,
    answers,
    cpu: {
      server: per(used.server),
      postgres: per(used.postgres),
      bench: per(used.bench),
      rest: per(Math.max(0, rest)),
    },
  };
}

/**
 * The same voters' requests answered by nginx with the portal's own answers (status, location,
 * headers: the same bytes), doing none of the portal's work: what the load generator and HTTP alone
 * allow on this machine. Null when nginx is not installed (the main figures do not need it).
 */
async function ceilingOf(answers: CapturedRedirect[], voters: Voter[], tmp: string, kind: Database) {
  if (!fs.existsSync(NGINX)) {
    console.log(`[${kind}] no ceiling: ${NGINX} is missing (apt-get install nginx)`);
    return null;
  }
  const base = await serveRedirects(answers, tmp, `votes-${kind}`);
  const nginx = { pid: undefined };
  const cast = await phase(kind, nginx, () => castAll(base, WARD, voters));
  const confirm = await phase(kind, nginx, () => confirmAll(base, WARD, voters));
  if ([...cast.answers, ...confirm.answers].some((r) => r.status !== 303))
    throw new BenchError('nginx did not answer every request with the captured redirect');
  return { votesPerSecond: VOTERS / ((cast.ms + confirm.ms) / 1000), cast: cast.cpu, confirm: confirm.cpu };
}

async function benchOne(kind: Database, entry: string, tmp: string) {
  const env = {
    ...(await freshDatabase(kind, tmp)),
    APP_SECRET: Buffer.from(TEST_SECRET).toString('base64'),
  };
  const { round, warmup, session } = await prepare(env);
  // The raw loop before the voters and again after them: the machine's load then and now.
  const rawBefore = await rawInserts(env, 'loop');
  const voters = makeVoters(VOTERS, 'bench-voter', 0, round.optionIds);
  // The links in the code emails need a public address; nothing here follows them.
  const app = await startApp(entry, env, path.join(tmp, `${kind}-server.log`), {
    TRUSTED_PROXIES: '1',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
  });
  let cast: Phase;
  let confirm: Phase;
  const answers: CapturedRedirect[] = [];
  try {
    if (WARMUP_VOTERS > 0) {
      console.log(`[${kind}] warming up: ${WARMUP_VOTERS} voters in ${WARMUP_WARD}, not measured…`);
      const early = makeVoters(WARMUP_VOTERS, 'warm-up-voter', 200, warmup.optionIds);
      await voteAll(app.base, session, WARMUP_WARD, early, app.logFile);
    }
    console.log(`[${kind}] ${VOTERS} voters cast at once…`);
    cast = await phase(kind, app.child, () => castAll(app.base, WARD, voters));
    keepCookies(cast.answers, voters, app.logFile);
    await readCodes(app.base, session, voters);
    console.log(`[${kind}] …and confirm at once`);
    confirm = await phase(kind, app.child, () => confirmAll(app.base, WARD, voters));
    expectCounted(confirm.answers);
    answers.push(
      captureRedirect(castPath(WARD), cast.answers[0] as Response),
      captureRedirect(confirmPath(WARD), confirm.answers[0] as Response),
    );
  } finally {
    await stop(app.child);
  }
  const integrity = await check(env, round.id, round.optionIds, voters);
  const rawAfter = await rawInserts(env, 'loop');
  const rawPerSecond = (rawBefore + rawAfter) / 2;
  const rawConcurrent = await rawInserts(env, 'concurrent');
  const votesPerSecond = VOTERS / ((cast.ms + confirm.ms) / 1000);
  const ceiling = await ceilingOf(answers, voters, tmp, kind);
  const figures = {
    voters: VOTERS,
    warmUpVoters: WARMUP_VOTERS,
    castSeconds: +(cast.ms / 1000).toFixed(2),
    confirmSeconds: +(confirm.ms / 1000).toFixed(2),
    castsPerSecond: Math.round(VOTERS / (cast.ms / 1000)),
    confirmationsPerSecond: Math.round(VOTERS / (confirm.ms / 1000)),
    confirmedVotesPerSecond: Math.round(votesPerSecond),
    rawInsertsPerSecond: Math.round(rawPerSecond),
    rawLoopBeforeAndAfter: [Math.round(rawBefore), Math.round(rawAfter)],
    ratio: +(votesPerSecond / rawPerSecond).toFixed(2),
    rawConcurrentPerSecond: Math.round(rawConcurrent),
    ratioToConcurrent: +(votesPerSecond / rawConcurrent).toFixed(2),
    goal: GOAL,
    cpuMsPerVote: { cast: cast.cpu, confirm: confirm.cpu },
    ceilingVotesPerSecond: ceiling && Math.round(ceiling.votesPerSecond),
    ceilingRatio: ceiling && +(ceiling.votesPerSecond / rawPerSecond).toFixed(2),
    ceilingCpuMsPerVote: ceiling && { cast: ceiling.cast, confirm: ceiling.confirm },
    ...integrity,
  };
  console.log(`[${kind}]`, JSON.stringify({ ...figures, counts: undefined }));
  if (!integrity.countsMatch)
    throw new BenchError(`[${kind}] the stored votes do not match: ${JSON.stringify(integrity)}`);
  return figures;
}

await runBenchmark(async () => {
  const tmp = makeTempDir();
  const { entry, build } = await buildEntry(tmp);
  const results: Record<string, unknown> = {};
  for (const kind of databasesFromEnv('pglite,postgres')) results[kind] = await benchOne(kind, entry, tmp);
  console.log(`\nSaved to ${saveResults('votes', { build, results })}`);
  for (const [kind, r] of Object.entries(results) as [string, { ratio: number }][])
    console.log(`${kind}: ratio ${r.ratio} (goal ≥ ${GOAL}) ${r.ratio >= GOAL ? 'met' : 'NOT met'}`);
});
