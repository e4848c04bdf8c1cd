// Issue 9, the resident's side: drafts between steps, sending (concern, event, tracking code, email,
// audit row in one transaction), "anonymous means anonymous" checked by searching every text column of
// every table, the limits on sending, the tracking answers, and retention of drafts and contact details.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import {
  auditLog,
  concernEvents,
  concerns,
  emailOutbox,
  formDrafts,
  oneTimeSecrets,
  rateLimits,
} from '../../../db/schema/index.ts';
import {
  DraftMissingError,
  getDraft,
  IncompleteError,
  saveStep,
  sendConcern,
  TooFastError,
  TooManyError,
  trackConcern,
} from '../../../src/features/concerns/concerns.server.ts';
import { runRetention } from '../../../src/features/retention/retention.server.ts';
import { deriveKey, rateLimitKeyFor } from '../../../src/features/secrets/keys.ts';
import { DAY_MS } from '../../../src/lib/dates.ts';
import { ephemeralDailyKey, rateLimitKey } from '../../../src/server/node/rate-limit.ts';
import { CLIENT, fillDraft, findAnywhere } from '../../helpers/concern-drafts.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

test.beforeEach(async ({ db }) => {
  await db.execute(sql`truncate rate_limits, form_drafts`);
});

const BASE = 'https://portal.example.org';
describe('drafts', () => {
  test('keep each step’s answers under a hashed token, and a new save merges into them', async ({ db }) => {
    const token = await fillDraft(db);
    const draft = await getDraft(db, TEST_SECRET, token);
    expect(draft?.answers.what).toEqual({ category: 'drugs', categoryOther: '' });
    expect(draft?.answers.where).toEqual({ ward: 'bloomsbury', location: 'Behind Queen Square' });
    expect(draft?.answers.contact?.anonymous).toBe(true);
    // Only the keyed hash of the token is stored.
    const rows = await db.select({ h: formDrafts.tokenHash }).from(formDrafts);
    expect(rows.map((r) => r.h)).not.toContain(token);
    expect(await getDraft(db, TEST_SECRET, 'a'.repeat(32))).toBeNull();
    expect(await getDraft(db, TEST_SECRET, 'not a token')).toBeNull();
  });

  test('expire 2 hours after the last answer', async ({ db }) => {
    const now = new Date();
    const token = await fillDraft(db, { now });
    expect(await getDraft(db, TEST_SECRET, token, new Date(now.getTime() + 119 * 60_000))).not.toBeNull();
    expect(await getDraft(db, TEST_SECRET, token, new Date(now.getTime() + 121 * 60_000))).toBeNull();
  });
});

describe('sending a concern', () => {
  test('refuses as incomplete, before writing anything, a draft whose address the outbox would refuse (saved under an older rule)', async ({
    db,
  }) => {
    const token = await fillDraft(db);
    const contact = {
      anonymous: false,
      name: 'Jo',
      email: 'jo&e@example.org',
      phone: '',
      preference: 'email',
    };
    await saveStep(db, TEST_SECRET, token, 'contact', contact as never, { client: CLIENT });
    const before = await db.$count(concerns);
    await expect(
      sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE }),
    ).rejects.toMatchObject({
      code: 'incomplete',
      details: { step: 'contact' },
    });
    expect(await db.$count(concerns)).toBe(before);
  });

  test('writes the concern, its event, its tracking code’s hash and an audit row with no client, and ends the draft', async ({
    db,
  }) => {
    const token = await fillDraft(db);
    const sent = await sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE });
    expect(sent.reference).toMatch(/^CN-\d{4}-\d{6}$/);
    expect(sent.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const [row] = await db.select().from(concerns).where(eq(concerns.id, sent.id));
    expect(row).toMatchObject({ category: 'drugs', status: 'received', anonymous: true, contactEmail: null });
    const events = await db.select().from(concernEvents).where(eq(concernEvents.concernId, sent.id));
    expect(events.map((e) => e.kind)).toEqual(['received']);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.recordId, sent.id));
    expect(audit).toMatchObject({ action: 'concern.submit', client: null, actorId: null, actorLabel: null });
    const secrets = await db.select().from(oneTimeSecrets).where(eq(oneTimeSecrets.subject, sent.id));
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.hash).not.toContain(sent.trackingCode.replace(/-/g, ''));
    expect(await getDraft(db, TEST_SECRET, token)).toBeNull();
    await expect(sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE })).rejects.toThrow(
      DraftMissingError,
    );
  });

  test('gives references from one sequence, never the same twice', async ({ db }) => {
    const a = await sendConcern(db, TEST_SECRET, await fillDraft(db), {
      client: '198.51.100.1',
      baseUrl: BASE,
    });
    const b = await sendConcern(db, TEST_SECRET, await fillDraft(db), {
      client: '198.51.100.1',
      baseUrl: BASE,
    });
    const n = (r: string) => Number(r.slice(-6));
    expect(n(b.reference)).toBe(n(a.reference) + 1);
  });

  test('keeps nothing of an anonymous reporter: not what they typed in the contact fields, not their address', async ({
    db,
  }) => {
    const values = {
      name: 'Zebedee Quartermaine',
      email: 'zebedee.q@example.net',
      phone: '07700 900 461',
    };
    const token = await fillDraft(db, { contact: { anonymous: 'yes', ...values }, client: CLIENT });
    await sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE });
    // Tracking it leaves nothing either.
    await trackConcern(
      db,
      TEST_SECRET,
      { reference: 'CN-2026-000001', code: 'AAAA-BBBB-CCCC' },
      { client: CLIENT },
    );
    expect(await findAnywhere(db, [...Object.values(values), CLIENT, '07700900461'])).toEqual([]);
    // Given the database and the app secret, the rows cannot be tied to the address (security review
    // 2, item 1): no key the app secret gives — itself, the staff rate-limit key, or the day keys once
    // derived from it — yields any stored key for the true address; the rows' times are whole hours.
    const rows = await db.select().from(rateLimits);
    const keys = new Set(rows.map((r) => r.key));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const candidates = [
      Buffer.from(TEST_SECRET),
      rateLimitKeyFor(TEST_SECRET),
      ...[-1, 0, 1].map((offset) => deriveKey(TEST_SECRET, `resident-rate-limit/v1/${day(offset)}`)),
    ];
    for (const key of candidates)
      for (const scope of ['concern:send', 'concern:draft', 'concern:track:client'])
        expect(keys.has(rateLimitKey(key, scope, CLIENT))).toBe(false);
    // They are there, under the key that lives only in this process's memory.
    expect(keys.has(rateLimitKey(ephemeralDailyKey(), 'concern:send', CLIENT))).toBe(true);
    for (const row of rows.filter((r) => r.key.startsWith('concern:')))
      expect(row.windowStart.getTime() % 3_600_000).toBe(0);
  });

  test('the key of the rate-limit rows is random, and replaced every day', () => {
    const today = ephemeralDailyKey(new Date('2026-12-01T23:59:59Z'));
    expect(today.equals(ephemeralDailyKey(new Date('2026-12-01T00:00:00Z')))).toBe(true);
    const tomorrow = ephemeralDailyKey(new Date('2026-12-02T00:00:00Z'));
    expect(today.equals(tomorrow)).toBe(false);
    // Back on the first day, the old key is gone for good: a new one is made.
    expect(ephemeralDailyKey(new Date('2026-12-01T12:00:00Z')).equals(today)).toBe(false);
  });

  test('with an email: the confirmation is queued in the same transaction, its link sealed', async ({
    db,
  }) => {
    const token = await fillDraft(db, {
      contact: { anonymous: 'no', name: 'Ada Reporter', email: 'Ada.Reporter@example.org', phone: '' },
    });
    const sent = await sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE });
    const [mail] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `concern-received/${sent.id}`));
    expect(mail?.recipient).toBe('ada.reporter@example.org');
    expect(mail?.subject).toContain(sent.reference);
    expect(mail?.sealedSecret).toBeTruthy();
    expect(mail?.text).not.toContain(sent.trackingCode);
    expect(await findAnywhere(db, [sent.trackingCode, sent.trackingCode.replace(/-/g, '')])).toEqual([]);
    const [row] = await db.select().from(concerns).where(eq(concerns.id, sent.id));
    expect(row).toMatchObject({
      anonymous: false,
      contactName: 'Ada Reporter',
      contactEmail: 'ada.reporter@example.org',
    });
  });

  test('refuses a draft sent faster than a person could fill it, and one with a step missing', async ({
    db,
  }) => {
    const now = new Date();
    const fast = await fillDraft(db, { now });
    await expect(
      sendConcern(db, TEST_SECRET, fast, {
        client: CLIENT,
        baseUrl: BASE,
        now: new Date(now.getTime() + 2000),
      }),
    ).rejects.toThrow(TooFastError);
    // Its answers are kept.
    expect(await getDraft(db, TEST_SECRET, fast)).not.toBeNull();
    const { token } = await saveStep(
      db,
      TEST_SECRET,
      undefined,
      'what',
      { category: 'noise', categoryOther: '' },
      { client: CLIENT, now: new Date(Date.now() - 60_000) },
    );
    await expect(sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE })).rejects.toThrow(
      IncompleteError,
    );
  });

  test('allows 5 concerns an hour from one client; the 6th is refused and keeps its answers', async ({
    db,
  }) => {
    const client = '192.0.2.55';
    for (let i = 0; i < 5; i++) {
      await sendConcern(db, TEST_SECRET, await fillDraft(db, { client }), { client, baseUrl: BASE });
    }
    const sixth = await fillDraft(db, { client });
    const refused = await sendConcern(db, TEST_SECRET, sixth, { client, baseUrl: BASE }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TooManyError);
    expect((refused as TooManyError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await getDraft(db, TEST_SECRET, sixth)).not.toBeNull();
    // Another client is not affected.
    await sendConcern(db, TEST_SECRET, sixth, { client: '192.0.2.56', baseUrl: BASE });
  });
});

describe('following a concern', () => {
  test('opens with the reference and code; a wrong code and a wrong reference get the same answer', async ({
    db,
  }) => {
    const sent = await sendConcern(db, TEST_SECRET, await fillDraft(db), {
      client: CLIENT,
      baseUrl: BASE,
    });
    const other = await sendConcern(db, TEST_SECRET, await fillDraft(db), {
      client: '198.51.100.9',
      baseUrl: BASE,
    });
    const ok = await trackConcern(
      db,
      TEST_SECRET,
      { reference: sent.reference.toLowerCase(), code: sent.trackingCode.toLowerCase() },
      { client: CLIENT },
    );
    expect(ok.kind).toBe('found');
    if (ok.kind === 'found') {
      expect(ok.concern).toMatchObject({ reference: sent.reference, status: 'received' });
      expect(ok.concern.events.map((e) => e.status)).toEqual(['received']);
    }
    const answers = await Promise.all([
      trackConcern(
        db,
        TEST_SECRET,
        { reference: sent.reference, code: other.trackingCode },
        { client: CLIENT },
      ),
      trackConcern(
        db,
        TEST_SECRET,
        { reference: 'CN-2026-999999', code: sent.trackingCode },
        { client: CLIENT },
      ),
      trackConcern(
        db,
        TEST_SECRET,
        { reference: other.reference, code: sent.trackingCode },
        { client: CLIENT },
      ),
      trackConcern(db, TEST_SECRET, { reference: 'nonsense', code: 'nonsense' }, { client: CLIENT }),
    ]);
    for (const a of answers) expect(a).toEqual({ kind: 'not_found' });
  });

  test('limits guesses per client, and no one else’s guesses stop the reporter following', async ({ db }) => {
    const sent = await sendConcern(db, TEST_SECRET, await fillDraft(db), {
      client: CLIENT,
      baseUrl: BASE,
    });
    // Wrong codes for this reference from many clients (security review 2, item 7).
    for (let i = 0; i < 30; i++) {
      const r = await trackConcern(
        db,
        TEST_SECRET,
        { reference: sent.reference, code: 'AAAA-AAAA-AAAA' },
        { client: `10.0.0.${i}` },
      );
      expect(r.kind).toBe('not_found');
    }
    const owner = await trackConcern(
      db,
      TEST_SECRET,
      { reference: sent.reference, code: sent.trackingCode },
      { client: '10.0.1.1' },
    );
    expect(owner.kind).toBe('found');
    // Per client: 20 an hour, over any references.
    for (let i = 0; i < 20; i++) {
      await trackConcern(
        db,
        TEST_SECRET,
        { reference: `CN-2026-1000${String(i).padStart(2, '0')}`, code: 'AAAA-AAAA-AAAA' },
        { client: '10.0.2.1' },
      );
    }
    expect(
      (
        await trackConcern(
          db,
          TEST_SECRET,
          { reference: 'CN-2026-200000', code: 'x' },
          { client: '10.0.2.1' },
        )
      ).kind,
    ).toBe('limited');
  });
});

describe('retention', () => {
  test('erases contact details 12 months after closure (dry run first), keeps the statistics, and ends old drafts', async ({
    db,
  }) => {
    const NOW = new Date();
    const token = await fillDraft(db, {
      contact: {
        anonymous: 'no',
        name: 'Old Reporter',
        email: 'old.reporter@example.org',
        phone: '020 7946 0000',
      },
    });
    const old = await sendConcern(db, TEST_SECRET, token, { client: CLIENT, baseUrl: BASE });
    const recent = await sendConcern(
      db,
      TEST_SECRET,
      await fillDraft(db, {
        contact: { anonymous: 'no', name: 'New Reporter', email: 'new.reporter@example.org', phone: '' },
      }),
      { client: CLIENT, baseUrl: BASE },
    );
    await db
      .update(concerns)
      .set({ status: 'closed', outcome: 'Warnings given', closedAt: new Date(NOW.getTime() - 370 * DAY_MS) })
      .where(eq(concerns.id, old.id));
    await db
      .update(concerns)
      .set({ status: 'closed', outcome: 'Warnings given', closedAt: new Date(NOW.getTime() - 300 * DAY_MS) })
      .where(eq(concerns.id, recent.id));
    await db
      .insert(formDrafts)
      .values({ tokenHash: 'stale', form: 'report', expiresAt: new Date(NOW.getTime() - 1000) });

    const dry = await runRetention(db, { now: NOW, dryRun: true });
    expect(dry.erasedConcerns).toEqual([old.reference]);
    expect(dry.counts.concernContacts).toBe(1);
    expect(dry.counts.formDrafts).toBeGreaterThanOrEqual(1);
    const [still] = await db.select().from(concerns).where(eq(concerns.id, old.id));
    expect(still?.contactEmail).toBe('old.reporter@example.org');
    expect(await db.select().from(formDrafts).where(eq(formDrafts.tokenHash, 'stale'))).toHaveLength(1);

    const run = await runRetention(db, { now: NOW, dryRun: false });
    expect(run.erasedConcerns).toEqual([old.reference]);
    const [erased] = await db.select().from(concerns).where(eq(concerns.id, old.id));
    expect(erased).toMatchObject({
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      contactPreference: null,
      category: 'drugs',
      status: 'closed',
      outcome: 'Warnings given',
    });
    expect(erased?.wardId).not.toBeNull();
    expect(erased?.contactErasedAt).not.toBeNull();
    const [kept] = await db.select().from(concerns).where(eq(concerns.id, recent.id));
    expect(kept?.contactEmail).toBe('new.reporter@example.org');
    expect(await db.select().from(formDrafts).where(eq(formDrafts.tokenHash, 'stale'))).toHaveLength(0);
    // A second run has nothing left to do; a shorter configured period takes the recent one too.
    expect((await runRetention(db, { now: NOW, dryRun: false })).erasedConcerns).toEqual([]);
    expect(
      (await runRetention(db, { now: NOW, dryRun: true, concernContactMs: 200 * DAY_MS })).erasedConcerns,
    ).toEqual([recent.reference]);
  });
});
