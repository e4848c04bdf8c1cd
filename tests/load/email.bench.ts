// Email benchmark: `npm run bench:email`. Enqueues a newsletter issue of EMAIL_BENCH_COUNT messages
// (default 50,000, the issue's figure) into a fresh PostgreSQL database — with EMAIL_BENCH_PATH=publish
// through the real publish path (EMAIL_BENCH_COUNT confirmed subscribers, one issue for everyone,
// publishNewsletter: claim, recipients, one preferences secret each, bodies, outbox, deliveries, in
// one transaction); by default ready-made messages straight into the outbox — then drains it with the
// worker and the real Resend SDK against the fake Resend server limited to EMAIL_BENCH_RATE requests/s
// (default 2, Resend's default) with batches of 100. Prints the enqueue time and the achieved
// messages/s as a fraction of the ceiling (rate × 100 = 200 messages/s). EMAIL_BENCH_DRAIN=off stops
// after the enqueue (seconds instead of minutes).
// Everything runs on 127.0.0.1; the database is dropped afterwards, whatever happens.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createDb, type DbHandle, rowsOf } from '../../db/client.ts';
import { staffUsers } from '../../db/schema/index.ts';
import { seedDatabase } from '../../db/seed.ts';
import type { EmailMessage } from '../../src/features/email/email.schema.ts';
import {
  button,
  heading,
  html,
  paragraph,
  renderEmail,
  unsubscribeHeaders,
} from '../../src/features/email/messages/layout.ts';
import { enqueueEmails } from '../../src/features/email/outbox.server.ts';
import { createOutboxWorker } from '../../src/features/email/outbox-worker.ts';
import { createNewsletter } from '../../src/features/newsletters/issues.server.ts';
import { publishNewsletter } from '../../src/features/newsletters/publishing.server.ts';
import { createResendTransport } from '../../src/server/node/email-transport.ts';
import { createLogger } from '../../src/server/node/logger.ts';
import type { FakeRequest } from '../helpers/fake-resend.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}
const COUNT = Math.trunc(positive('EMAIL_BENCH_COUNT', 50_000));
const RATE = positive('EMAIL_BENCH_RATE', 2);
const BATCH = Math.min(100, Math.trunc(positive('EMAIL_BENCH_BATCH', 100)));
const PATH = process.env.EMAIL_BENCH_PATH === 'publish' ? 'publish' : 'outbox';
/** EMAIL_BENCH_DRAIN=off: enqueue only (seconds, not minutes; the drain needs an idle machine). */
const DRAIN = process.env.EMAIL_BENCH_DRAIN !== 'off';
const APP_SECRET = new Uint8Array(32).fill(7);

/**
 * The real publish path: COUNT confirmed subscribers who want everything, one issue for everyone,
 * and publishNewsletter's one transaction. Returns its time and the body size of one message.
 */
async function enqueueByPublishing(db: DbHandle['db']): Promise<{ ms: number; bodyBytes: number }> {
  await seedDatabase(db);
  const actor = { id: crypto.randomUUID(), email: 'bench-liaison@example.org' };
  await db
    .insert(staffUsers)
    .values({ id: actor.id, email: actor.email, name: 'Bench', role: 'liaison_officer' });
  await db.execute(
    sql`insert into newsletter_subscribers (id, email, status, audience, confirmed_at)
        select gen_random_uuid(), 'subscriber' || g || '@example.com', 'confirmed', 'all', now()
        from generate_series(1, ${COUNT}) g`,
  );
  const id = await createNewsletter(
    db,
    {
      title: 'Community safety news for November',
      summary: 'Ward priorities, the Local Action Plan and your panel meetings',
      issueDate: '2026-11-30',
      body:
        'Your ward panel met this month to review the priorities residents voted for. Officers reported on ' +
        'patrols around the station, the work with licensed premises and the new youth provision.\n\n' +
        'The Local Action Plan has ten actions under three pillars: **more trust, less crime and high ' +
        'standards**. Each borough has published its latest update.\n\n- [Read the November update](https://portal.example/action-plan)\n' +
        '- The next panel meeting is open to everyone who lives or works in the ward.',
      audience: { kind: 'all' },
    },
    actor,
  );
  const start = performance.now();
  const { queued } = await publishNewsletter(db, id, actor, {
    appSecret: APP_SECRET,
    baseUrl: 'https://portal.example',
  });
  const ms = performance.now() - start;
  if (queued !== COUNT) throw new Error(`Publishing queued ${queued} messages, not ${COUNT}`);
  const one = await db.execute<{ b: number }>(
    sql`select octet_length(html) + octet_length(text) as b from email_outbox limit 1`,
  );
  const rows = Array.isArray(one) ? one : (one as unknown as { rows: { b: number }[] }).rows;
  return { ms, bodyBytes: Number(rows[0]?.b) };
}

/** One issue of the newsletter, personalised only by its unsubscribe link, as a real issue would be. */
function newsletter(i: number): EmailMessage {
  const unsubscribeUrl = `https://portal.example/newsletter/unsubscribe?token=${i.toString(36).padStart(12, '0')}`;
  const rendered = renderEmail({
    subject: 'Central North community safety news: November',
    preheader: 'Ward priorities, the Local Action Plan and your panel meetings',
    body: html`${[
      heading('Community safety news for November'),
      paragraph(
        'Your ward panel met this month to review the priorities residents voted for. Officers reported ' +
          'on patrols around the station, the work with licensed premises and the new youth provision.',
      ),
      paragraph(
        'The Local Action Plan has ten actions under three pillars: more trust, less crime and high ' +
          'standards. Each borough has published its latest update.',
      ),
      button('Read the November update', 'https://portal.example/action-plan'),
      paragraph('The next panel meeting is open to everyone who lives or works in the ward.'),
    ]}`,
    text:
      'Community safety news for November\n\nYour ward panel met this month to review the priorities ' +
      'residents voted for.\n\nRead the November update: https://portal.example/action-plan',
    reason: 'You are getting this email because you subscribed to the Central North newsletter.',
    unsubscribeUrl,
  });
  return {
    kind: 'newsletter-issue',
    to: `subscriber${i}@example.com`,
    ...rendered,
    headers: unsubscribeHeaders(unsubscribeUrl),
    priority: 'bulk',
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

interface FakeStats {
  requests: FakeRequest[];
  deliveries: number;
  uniqueOutboxIds: number;
  duplicates: number;
}

/** The fake Resend in its own process, as the real one is: it must not share the worker's event loop. */
async function startFake(): Promise<{ url: string; child: ChildProcess; stats(): Promise<FakeStats> }> {
  const child = spawn(process.execPath, ['--experimental-strip-types', 'tests/load/fake-resend-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, FAKE_RESEND_RATE: String(RATE) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (b: Buffer) => resolve(b.toString().trim()));
    child.once('exit', (code) => reject(new Error(`The fake Resend server exited (${code})`)));
  });
  return { url, child, stats: async () => (await fetch(`${url}/_fake/stats`)).json() as Promise<FakeStats> };
}

/** Writes a run's figures to tests/load/results/email-<timestamp>.json (git-ignored). */
function saveResults(figures: Record<string, unknown>): void {
  const results = path.join(ROOT, 'tests/load/results');
  mkdirSync(results, { recursive: true });
  const file = path.join(results, `email-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`Results: ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const dbName = `cn_bench_email_${randomBytes(4).toString('hex')}`;
  let handle: DbHandle | undefined;
  let fake: Awaited<ReturnType<typeof startFake>> | undefined;
  const cleanup = async (): Promise<void> => {
    await handle?.close().catch(() => {});
    fake?.child.kill('SIGTERM');
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    await admin.unsafe(`create database ${dbName}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    handle = await createDb({ url: url.toString(), maxConnections: 4 });
    await handle.migrate();
    const db = handle.db;
    console.log(
      DRAIN
        ? `Email benchmark: ${COUNT.toLocaleString('en-GB')} messages, fake Resend at ${RATE} requests/s, ` +
            `batches of ${BATCH} (ceiling ${RATE * BATCH} messages/s), PostgreSQL ${dbName}`
        : `Email benchmark: ${COUNT.toLocaleString('en-GB')} messages, enqueue only, PostgreSQL ${dbName}`,
    );

    // 1. Enqueue the issue in one transaction: through publishNewsletter, or ready-made messages.
    let enqueueMs: number;
    let bodyBytes: number;
    if (PATH === 'publish') {
      ({ ms: enqueueMs, bodyBytes } = await enqueueByPublishing(db));
    } else {
      const messages = Array.from({ length: COUNT }, (_, i) => newsletter(i));
      bodyBytes = Buffer.byteLength(messages[0]?.html ?? '') + Buffer.byteLength(messages[0]?.text ?? '');
      const enqueueStart = performance.now();
      await db.transaction((tx) => enqueueEmails(tx, messages));
      enqueueMs = performance.now() - enqueueStart;
    }
    console.log(
      `Enqueue (${PATH === 'publish' ? 'publishNewsletter' : 'enqueueEmails'}): ${seconds(enqueueMs)} s (${Math.round(COUNT / (enqueueMs / 1000)).toLocaleString('en-GB')} messages/s, ` +
        `${bodyBytes} bytes of HTML + text each)`,
    );
    if (!DRAIN) {
      saveResults({
        node: process.version,
        path: PATH,
        count: COUNT,
        bodyBytes,
        enqueueSeconds: enqueueMs / 1000,
      });
      return;
    }

    // 2. Drain with the real worker: claim → pace → SDK → fake Resend → record.
    fake = await startFake();
    const worker = createOutboxWorker({
      db,
      transport: createResendTransport({
        apiKey: 're_test_key',
        baseUrl: fake.url,
        from: 'Bench <bench@example.com>',
      }),
      logger: createLogger('warn'),
      appSecret: APP_SECRET,
      ratePerSecond: RATE,
      batchSize: BATCH,
      pollIntervalMs: 50,
    });
    const drainStart = performance.now();
    worker.start();
    let lastReport = drainStart;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const result = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from email_outbox where status <> 'sent'`,
      );
      const rows = rowsOf<{ n: number }>(result);
      const left = Number(rows[0]?.n);
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        console.log(
          `  ${seconds(lastReport - drainStart)} s: ${(COUNT - left).toLocaleString('en-GB')} sent`,
        );
      }
      if (left === 0) break;
    }
    const drainMs = performance.now() - drainStart;
    await worker.stop();

    const stats = await fake.stats();
    const rate = COUNT / (drainMs / 1000);
    const ceiling = RATE * BATCH;
    const limited = stats.requests.filter((r) => r.status === 429).length;
    const { duplicates } = stats;
    console.log(
      `Drain: ${seconds(drainMs)} s, ${rate.toFixed(1)} messages/s = ${(rate / ceiling).toFixed(3)} of the ` +
        `${ceiling} messages/s ceiling; ${stats.requests.length} requests, ${limited} answered 429; ` +
        `${stats.deliveries.toLocaleString('en-GB')} delivered, ${duplicates} duplicates`,
    );
    if (process.env.EMAIL_BENCH_DEBUG) {
      const gaps = stats.requests.map((r, i, all) => `${i ? r.at - (all[i - 1]?.at ?? 0) : 0}:${r.status}`);
      console.log(`Gaps between requests (ms:status): ${gaps.join(' ')}`);
    }
    if (stats.deliveries !== COUNT || stats.uniqueOutboxIds !== COUNT || duplicates > 0) {
      throw new Error('Not every message was delivered exactly once');
    }

    saveResults({
      node: process.version,
      path: PATH,
      count: COUNT,
      ratePerSecond: RATE,
      batchSize: BATCH,
      bodyBytes,
      enqueueSeconds: enqueueMs / 1000,
      drainSeconds: drainMs / 1000,
      messagesPerSecond: rate,
      fractionOfCeiling: rate / ceiling,
      requests: stats.requests.length,
      rateLimited: limited,
      duplicates,
    });
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
