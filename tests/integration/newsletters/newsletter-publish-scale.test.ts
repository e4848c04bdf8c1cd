// Publishing to a few thousand readers through the bulk path (secrets, outbox rows and delivery rows
// inserted from arrays, the shared body checked once): every matching reader gets exactly one queued
// copy, whose unsubscribe and preferences links are their own and work, and nobody else gets one.
// On PGlite and PostgreSQL (TEST_DATABASE_URL), like the other integration tests.
import { eq, inArray, like, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { createDb, type DbHandle, rowsOf } from '../../../db/client.ts';
import {
  emailOutbox,
  emailSuppressions,
  newsletterDeliveries,
  newsletterSubscribers,
  oneTimeSecrets,
} from '../../../db/schema/index.ts';
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
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_PLACEHOLDER, TEST_SECRET, type TestStaff } from '../../helpers/staff.ts';

const BASE = 'https://portal.example';
/** Readers per audience kind below; five kinds, so 3,000 subscribers in all. */
const PER_KIND = 600;

const ctx = () => ({ appSecret: TEST_SECRET, baseUrl: BASE });

test.beforeAll(async ({ db }) => {
  const place = async (q: ReturnType<typeof sql>) =>
    Number(rowsOf<{ id: number }>(await db.execute(q))[0]?.id);
  const camden = await place(sql`select id from boroughs where slug = 'camden'`);
  const islington = await place(sql`select id from boroughs where slug = 'islington'`);
  const camdenWard = await place(sql`select id from wards where borough_id = ${camden} order by id limit 1`);
  const islingtonWard = await place(
    sql`select id from wards where borough_id = ${islington} order by id limit 1`,
  );
  // Five kinds of confirmed reader, PER_KIND each: everything, Camden, Islington, a Camden ward, an
  // Islington ward. A Camden issue reaches the first, second and fourth.
  await db.execute(sql`
    insert into newsletter_subscribers (id, email, status, audience, borough_id, confirmed_at)
    select gen_random_uuid(), 'reader-' || g || '@example.net', 'confirmed',
      (array['all', 'borough', 'borough', 'wards', 'wards'])[g % 5 + 1],
      (array[null, ${camden}, ${islington}, null, null]::integer[])[g % 5 + 1], now()
    from generate_series(1, ${PER_KIND * 5}) g`);
  await db.execute(sql`
    insert into newsletter_subscriber_wards (subscriber_id, ward_id)
    select s.id, case when s.email ~ '^reader-\\d*[38]@' then ${camdenWard}::integer else ${islingtonWard}::integer end
    from newsletter_subscribers s where s.audience = 'wards'`);
  // And who must get nothing: unconfirmed, unsubscribed and suppressed readers who want everything.
  await db.execute(sql`
    insert into newsletter_subscribers (id, email, status, audience, confirmed_at, unsubscribed_at)
    select gen_random_uuid(), 'other-' || g || '@example.net',
      (array['pending', 'unsubscribed', 'confirmed'])[g % 3 + 1], 'all',
      case when g % 3 > 0 then now() end, case when g % 3 = 1 then now() end
    from generate_series(1, 60) g`);
  await db.execute(sql`
    insert into email_suppressions (address, reason)
    select email, 'bounced' from newsletter_subscribers where email like 'other-%' and status = 'confirmed'`);
});

async function issue(db: Db, officer: TestStaff): Promise<number> {
  const input = NewsletterSchema.parse({
    title: `Camden news ${Math.random().toString(36).slice(2, 8)}`,
    summary: 'What happened this month.',
    issueDate: '2026-11-30',
    body: 'News for **Camden**.',
    audience: 'borough',
    borough: 'camden',
  });
  return createNewsletter(db, input, officer);
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
  test('queues exactly one copy per matching reader, with their own working links, in one go', async ({
    db,
    liaisonOfficer: officer,
    testDb,
  }) => {
    const id = await issue(db, officer);
    // Two publishers at once (two connections on PostgreSQL): one queues everything, the other nothing.
    const other: DbHandle | null = testDb.url ? await createDb({ url: testDb.url, maxConnections: 2 }) : null;
    let results: { queued: number }[];
    try {
      results = await Promise.all([
        publishNewsletter(db, id, officer, ctx()),
        publishNewsletter(other?.db ?? db, id, officer, ctx()),
      ]);
    } finally {
      await other?.close();
    }
    const expected = expectedReaders();
    expect(results.map((r) => r.queued).sort((a, b) => a - b)).toEqual([0, expected.length]);

    const rows = await db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, `newsletter/${id}/%`));
    expect(rows.map((r) => r.recipient).sort()).toEqual(expected);

    // Each delivery row points at the copy queued to its own subscriber.
    const subscribers = new Map(
      (
        await db
          .select({ id: newsletterSubscribers.id, email: newsletterSubscribers.email })
          .from(newsletterSubscribers)
      ).map((s) => [s.id, s.email]),
    );
    const deliveries = await db
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
        await db
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
      expect((await viewPreferences(db, TEST_SECRET, tokens.get(email) as string))?.email).toBe(email);
    }
    const leavers = sample.slice(0, 10);
    for (const email of leavers) {
      expect(await unsubscribe(db, TEST_SECRET, tokens.get(email) as string)).toBe(true);
      expect(await viewPreferences(db, TEST_SECRET, tokens.get(email) as string)).toBeNull();
    }
    const stayer = sample[sample.length - 1] as string;
    expect((await viewPreferences(db, TEST_SECRET, tokens.get(stayer) as string))?.email).toBe(stayer);

    const next = await issue(db, officer);
    expect(await publishNewsletter(db, next, officer, ctx())).toEqual({
      queued: expected.length - leavers.length,
      alreadySent: false,
    });
    const again = await db
      .select({ to: emailOutbox.recipient })
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, `newsletter/${next}/%`));
    expect(again.map((r) => r.to).sort()).toEqual(expected.filter((e) => !leavers.includes(e)));

    // Nobody outside the audience or not confirmed, unsubscribed or suppressed got anything at all.
    const others = await db
      .select({ to: emailOutbox.recipient })
      .from(emailOutbox)
      .where(like(emailOutbox.recipient, 'other-%'));
    expect(others).toEqual([]);
    const suppressed = await db.select().from(emailSuppressions);
    expect(suppressed.length).toBeGreaterThan(0);
    const toSuppressed = await db
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
