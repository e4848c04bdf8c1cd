// Publishing to a few thousand readers through the bulk path (secrets, outbox rows and delivery rows
// inserted from arrays, the shared body checked once): every matching reader gets exactly one queued
// copy, whose unsubscribe and preferences links are their own and work, and nobody else gets one.
// On PGlite and PostgreSQL (TEST_DATABASE_URL), like the other integration tests.
import { eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, rowsOf } from '../../../db/client.ts';
import {
  emailOutbox,
  emailSuppressions,
  newsletterDeliveries,
  newsletterSubscribers,
  oneTimeSecrets,
} from '../../../db/schema/index.ts';
import { seedDatabase } from '../../../db/seed.ts';
import { renderBody, renderHeaders } from '../../../src/features/email/delivery.server.ts';
import { createNewsletter } from '../../../src/features/newsletters/issues.server.ts';
import { NewsletterSchema } from '../../../src/features/newsletters/newsletters.schema.ts';
import { publishNewsletter } from '../../../src/features/newsletters/publishing.server.ts';
import {
  PREFERENCES_LINK,
  unsubscribe,
  viewPreferences,
} from '../../../src/features/newsletters/subscriptions.server.ts';
import { hashSecret, openFromOutbox } from '../../../src/features/secrets/secrets.ts';
import { createStaff, TEST_PLACEHOLDER, TEST_SECRET, type TestStaff } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

const BASE = 'https://portal.example';
/** Readers per audience kind below; five kinds, so 3,000 subscribers in all. */
const PER_KIND = 600;

let t: TestDb;
let officer: TestStaff;
const ctx = () => ({ appSecret: TEST_SECRET, baseUrl: BASE });

beforeAll(async () => {
  t = await createTestDb();
  await seedDatabase(t.db);
  officer = await createStaff(t.db, 'liaison_officer');
  const place = async (q: ReturnType<typeof sql>) =>
    Number(rowsOf<{ id: number }>(await t.db.execute(q))[0]?.id);
  const camden = await place(sql`select id from boroughs where slug = 'camden'`);
  const islington = await place(sql`select id from boroughs where slug = 'islington'`);
  const camdenWard = await place(sql`select id from wards where borough_id = ${camden} order by id limit 1`);
  const islingtonWard = await place(
    sql`select id from wards where borough_id = ${islington} order by id limit 1`,
  );
  // Five kinds of confirmed reader, PER_KIND each: everything, Camden, Islington, a Camden ward, an
  // Islington ward. A Camden issue reaches the first, second and fourth.
  await t.db.execute(sql`
    insert into newsletter_subscribers (id, email, status, audience, borough_id, confirmed_at)
    select gen_random_uuid(), 'reader-' || g || '@example.net', 'confirmed',
      (array['all', 'borough', 'borough', 'wards', 'wards'])[g % 5 + 1],
      (array[null, ${camden}, ${islington}, null, null]::integer[])[g % 5 + 1], now()
    from generate_series(1, ${PER_KIND * 5}) g`);
  await t.db.execute(sql`
    insert into newsletter_subscriber_wards (subscriber_id, ward_id)
    select s.id, case when s.email ~ '^reader-\\d*[38]@' then ${camdenWard}::integer else ${islingtonWard}::integer end
    from newsletter_subscribers s where s.audience = 'wards'`);
  // And who must get nothing: unconfirmed, unsubscribed and suppressed readers who want everything.
  await t.db.execute(sql`
    insert into newsletter_subscribers (id, email, status, audience, confirmed_at, unsubscribed_at)
    select gen_random_uuid(), 'other-' || g || '@example.net',
      (array['pending', 'unsubscribed', 'confirmed'])[g % 3 + 1], 'all',
      case when g % 3 > 0 then now() end, case when g % 3 = 1 then now() end
    from generate_series(1, 60) g`);
  await t.db.execute(sql`
    insert into email_suppressions (address, reason)
    select email, 'bounced' from newsletter_subscribers where email like 'other-%' and status = 'confirmed'`);
});
afterAll(async () => {
  await t?.destroy();
});

async function issue(): Promise<number> {
  const input = NewsletterSchema.parse({
    title: `Camden news ${Math.random().toString(36).slice(2, 8)}`,
    summary: 'What happened this month.',
    issueDate: '2026-11-30',
    body: 'News for **Camden**.',
    audience: 'borough',
    borough: 'camden',
  });
  return createNewsletter(t.db, input, officer);
}

/** The readers a Camden issue must reach: everything (g % 5 = 0), Camden (1) and a Camden ward (3). */
function expectedReaders(): string[] {
  return Array.from({ length: PER_KIND * 5 }, (_, i) => i + 1)
    .filter((g) => [0, 1, 3].includes(g % 5))
    .map((g) => `reader-${g}@example.net`)
    .sort();
}

function tokenIn(text: string, path: string): string {
  const found = [...text.matchAll(new RegExp(`${path}/([a-z2-7]{32})`, 'g'))].map((m) => m[1]);
  expect(new Set(found).size, `one ${path} token`).toBe(1);
  return found[0] as string;
}

describe('publishing to a few thousand readers', () => {
  it('queues exactly one copy per matching reader, with their own working links, in one go', async () => {
    const id = await issue();
    // Two publishers at once (two connections on PostgreSQL): one queues everything, the other nothing.
    const other: DbHandle | null = t.url ? await createDb({ url: t.url, maxConnections: 2 }) : null;
    let results: { queued: number }[];
    try {
      results = await Promise.all([
        publishNewsletter(t.db, id, officer, ctx()),
        publishNewsletter(other?.db ?? t.db, id, officer, ctx()),
      ]);
    } finally {
      await other?.close();
    }
    const expected = expectedReaders();
    expect(results.map((r) => r.queued).sort((a, b) => a - b)).toEqual([0, expected.length]);

    const rows = await t.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, `newsletter/${id}/%`));
    expect(rows.map((r) => r.recipient).sort()).toEqual(expected);

    // Each delivery row points at the copy queued to its own subscriber.
    const subscribers = new Map(
      (
        await t.db
          .select({ id: newsletterSubscribers.id, email: newsletterSubscribers.email })
          .from(newsletterSubscribers)
      ).map((s) => [s.id, s.email]),
    );
    const deliveries = await t.db
      .select()
      .from(newsletterDeliveries)
      .where(eq(newsletterDeliveries.newsletterId, id));
    expect(deliveries).toHaveLength(expected.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const d of deliveries) {
      const row = byId.get(d.outboxId as string);
      expect(row?.recipient).toBe(subscribers.get(d.subscriberId as string));
      expect(row?.dedupeKey).toBe(`newsletter/${id}/${d.subscriberId}`);
    }

    // Every copy: one sealed secret, never in clear; the body's preferences link and the header's
    // one-click link carry it; it is a live preferences secret of that reader and no one else's.
    const subjectOf = new Map(
      (
        await t.db
          .select({ hash: oneTimeSecrets.hash, subject: oneTimeSecrets.subject })
          .from(oneTimeSecrets)
          .where(eq(oneTimeSecrets.purpose, PREFERENCES_LINK.name))
      ).map((s) => [s.hash, s.subject]),
    );
    const emailOf = new Map([...subscribers].map(([sid, email]) => [email, sid]));
    const tokens = new Map<string, string>();
    for (const row of rows) {
      expect(row.sealedSecret).toBeTruthy();
      expect(row.priority).toBe(1);
      expect(row.html).toContain(TEST_PLACEHOLDER);
      const secret = openFromOutbox(TEST_SECRET, row.sealedSecret as string);
      expect(`${row.html}${row.text}${JSON.stringify(row.headers)}`).not.toContain(secret);
      const { html, text } = renderBody(row, TEST_SECRET);
      const headers = renderHeaders(row, TEST_SECRET);
      expect(`${html}${text}${JSON.stringify(headers)}`).not.toContain(TEST_PLACEHOLDER);
      expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(tokenIn(headers['List-Unsubscribe'] ?? '', `${BASE}/api/newsletters/unsubscribe`)).toBe(secret);
      expect(tokenIn(text, `${BASE}/newsletters/preferences`)).toBe(secret);
      expect(tokenIn(html, `${BASE}/newsletters/preferences`)).toBe(secret);
      expect(subjectOf.get(hashSecret(TEST_SECRET, PREFERENCES_LINK, secret))).toBe(
        emailOf.get(row.recipient),
      );
      tokens.set(row.recipient, secret);
    }
    expect(new Set(tokens.values()).size).toBe(expected.length);

    // The links work: a sample opens its own reader's preferences; a one-click unsubscribe ends only
    // that reader's subscription, and the next issue reaches everyone else once.
    const sample = expected.filter((_, i) => i % 97 === 0);
    for (const email of sample) {
      expect((await viewPreferences(t.db, TEST_SECRET, tokens.get(email) as string))?.email).toBe(email);
    }
    const leavers = sample.slice(0, 10);
    for (const email of leavers) {
      expect(await unsubscribe(t.db, TEST_SECRET, tokens.get(email) as string)).toBe(true);
      expect(await viewPreferences(t.db, TEST_SECRET, tokens.get(email) as string)).toBeNull();
    }
    const stayer = sample[sample.length - 1] as string;
    expect((await viewPreferences(t.db, TEST_SECRET, tokens.get(stayer) as string))?.email).toBe(stayer);

    const next = await issue();
    expect(await publishNewsletter(t.db, next, officer, ctx())).toEqual({
      queued: expected.length - leavers.length,
      alreadySent: false,
    });
    const again = await t.db
      .select({ to: emailOutbox.recipient })
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, `newsletter/${next}/%`));
    expect(again.map((r) => r.to).sort()).toEqual(expected.filter((e) => !leavers.includes(e)));

    // Nobody outside the audience or not confirmed, unsubscribed or suppressed got anything at all.
    const others = await t.db
      .select({ to: emailOutbox.recipient })
      .from(emailOutbox)
      .where(like(emailOutbox.recipient, 'other-%'));
    expect(others).toEqual([]);
    const suppressed = await t.db.select().from(emailSuppressions);
    expect(suppressed.length).toBeGreaterThan(0);
    const toSuppressed = await t.db
      .select()
      .from(emailOutbox)
      .where(
        inArray(
          emailOutbox.recipient,
          suppressed.map((s) => s.address),
        ),
      );
    expect(toSuppressed).toEqual([]);
  });
});
