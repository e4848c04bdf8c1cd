// The one-time secrets module against a real database: each form (link, code, tracking,
// preferences) — issue, look up, single use, expiry, attempt limit, revocation — and that only a
// keyed hash is stored.
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { oneTimeSecrets } from '../../../db/schema/index.ts';
import {
  consumeSecret,
  findSecret,
  issueSecret,
  pruneSecrets,
  redeemSecret,
  revokeSecrets,
  verifyCode,
} from '../../../src/features/secrets/secrets.server.ts';
import { defineSecretPurpose } from '../../../src/features/secrets/secrets.ts';
import { test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

test.beforeEach(async ({ db }) => {
  await db.execute(sql`truncate one_time_secrets`);
});

const T0 = new Date('2026-11-22T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const HOUR = 3_600_000;

const link = defineSecretPurpose({
  name: 'it-link',
  form: 'link',
  lifetimeMs: HOUR,
  singleUse: true,
  maxAttempts: null,
});
const code = defineSecretPurpose({
  name: 'it-code',
  form: 'code',
  lifetimeMs: 15 * 60_000,
  singleUse: true,
  maxAttempts: 3,
});
const tracking = defineSecretPurpose({
  name: 'it-tracking',
  form: 'tracking',
  lifetimeMs: 400 * 24 * HOUR,
  singleUse: false,
  maxAttempts: null,
});
const prefs = defineSecretPurpose({
  name: 'it-prefs',
  form: 'preferences',
  lifetimeMs: 3650 * 24 * HOUR,
  singleUse: false,
  maxAttempts: null,
});

describe('links', () => {
  test('store only a keyed hash, open their subject until used or expired, and work once', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, link, 'subject-1', { now: T0 });
    const rows = await db.select().from(oneTimeSecrets);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(issued.secret);
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);

    expect(await findSecret(db, TEST_SECRET, link, issued.secret, at(59))).toMatchObject({
      subject: 'subject-1',
    });
    expect(await findSecret(db, TEST_SECRET, link, issued.secret, at(61))).toBeNull();
    // Another key (another app secret) finds nothing.
    expect(await findSecret(db, new Uint8Array(32).fill(1), link, issued.secret, at(1))).toBeNull();
    expect(await findSecret(db, TEST_SECRET, link, 'not a token', at(1))).toBeNull();

    const [a, b] = await Promise.all([
      redeemSecret(db, TEST_SECRET, link, issued.secret, at(2)),
      redeemSecret(db, TEST_SECRET, link, issued.secret, at(2)),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await findSecret(db, TEST_SECRET, link, issued.secret, at(3))).toBeNull();
  });

  test('are consumed once by id, not after expiry', async ({ db }) => {
    const one = await issueSecret(db, TEST_SECRET, link, 's', { now: T0 });
    expect(await consumeSecret(db, one.id, at(61))).toBe(false);
    expect(await consumeSecret(db, one.id, at(1))).toBe(true);
    expect(await consumeSecret(db, one.id, at(1))).toBe(false);
  });

  test('are revoked for a subject, all or all but one, and a replacement revokes the old', async ({ db }) => {
    const first = await issueSecret(db, TEST_SECRET, link, 's', { now: T0 });
    const second = await issueSecret(db, TEST_SECRET, link, 's', { now: T0 });
    const elsewhere = await issueSecret(db, TEST_SECRET, link, 'other', { now: T0 });
    expect(await revokeSecrets(db, [link], 's', { now: at(1), except: second.id })).toBe(1);
    expect(await findSecret(db, TEST_SECRET, link, first.secret, at(2))).toBeNull();
    expect(await findSecret(db, TEST_SECRET, link, second.secret, at(2))).not.toBeNull();
    const third = await issueSecret(db, TEST_SECRET, link, 's', { now: at(3), replace: true });
    expect(await findSecret(db, TEST_SECRET, link, second.secret, at(4))).toBeNull();
    expect(await findSecret(db, TEST_SECRET, link, third.secret, at(4))).not.toBeNull();
    expect(await findSecret(db, TEST_SECRET, link, elsewhere.secret, at(4))).not.toBeNull();
  });
});

describe('short codes', () => {
  test('accept the right code once, for its subject only', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, code, 'alice', { now: T0 });
    expect(issued.secret).toMatch(/^\d{6}$/);
    expect(await verifyCode(db, TEST_SECRET, code, 'bob', issued.secret, at(1))).toEqual({
      ok: false,
      reason: 'none',
    });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', issued.secret, at(1))).toMatchObject({
      ok: true,
    });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', issued.secret, at(1))).toEqual({
      ok: false,
      reason: 'none',
    });
  });

  test('count wrong guesses and burn the code at the limit, even for the right code afterwards', async ({
    db,
  }) => {
    const issued = await issueSecret(db, TEST_SECRET, code, 'alice', { now: T0 });
    const wrong = issued.secret === '000000' ? '000001' : '000000';
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', wrong, at(1))).toEqual({
      ok: false,
      reason: 'wrong',
      attemptsLeft: 2,
    });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', 'nonsense', at(1))).toEqual({
      ok: false,
      reason: 'wrong',
      attemptsLeft: 1,
    });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', wrong, at(1))).toEqual({
      ok: false,
      reason: 'wrong',
      attemptsLeft: 0,
    });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', issued.secret, at(1))).toEqual({
      ok: false,
      reason: 'none',
    });
    const [row] = await db.select().from(oneTimeSecrets);
    expect(row).toMatchObject({ attempts: 3, endReason: 'burnt' });
  });

  test('never allow more guesses than the limit, however many arrive at once', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, code, 'alice', { now: T0 });
    const wrong = issued.secret === '999999' ? '999998' : '999999';
    const results = await Promise.all(
      Array.from({ length: 8 }, () => verifyCode(db, TEST_SECRET, code, 'alice', wrong, at(1))),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(3);
    const [row] = await db.select().from(oneTimeSecrets);
    expect(row?.attempts).toBe(3);
  });

  test('expire', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, code, 'alice', { now: T0 });
    expect(await verifyCode(db, TEST_SECRET, code, 'alice', issued.secret, at(16))).toEqual({
      ok: false,
      reason: 'none',
    });
  });

  test('are not looked up like links', async ({ db }) => {
    await expect(findSecret(db, TEST_SECRET, code, '123456', T0)).rejects.toThrow(TypeError);
    await expect(verifyCode(db, TEST_SECRET, link, 's', 'x', T0)).rejects.toThrow(TypeError);
  });
});

describe('tracking codes and preferences links', () => {
  test('open their subject as often as needed, however the code is typed, until revoked', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, tracking, 'concern-1', { now: T0 });
    const typed = issued.secret.toLowerCase().replace(/-/g, ' ');
    for (let i = 0; i < 3; i++) {
      expect(await redeemSecret(db, TEST_SECRET, tracking, typed, at(i))).toMatchObject({
        subject: 'concern-1',
      });
    }
    await revokeSecrets(db, [tracking], 'concern-1', { now: at(5) });
    expect(await findSecret(db, TEST_SECRET, tracking, issued.secret, at(6))).toBeNull();
  });

  test('keep a preferences link working for many uses', async ({ db }) => {
    const issued = await issueSecret(db, TEST_SECRET, prefs, 'subscriber-1', { now: T0 });
    expect(await redeemSecret(db, TEST_SECRET, prefs, issued.secret, at(1))).toMatchObject({
      subject: 'subscriber-1',
    });
    expect(await findSecret(db, TEST_SECRET, prefs, issued.secret, at(60 * 24 * 365))).toMatchObject({
      subject: 'subscriber-1',
    });
  });
});

describe('retention', () => {
  test('removes secrets that ended or expired before the cut-off, and no others', async ({ db }) => {
    const used = await issueSecret(db, TEST_SECRET, link, 'a', { now: T0 });
    await consumeSecret(db, used.id, at(1));
    await issueSecret(db, TEST_SECRET, link, 'b', { now: T0 });
    const live = await issueSecret(db, TEST_SECRET, link, 'c', { now: at(120) });
    expect(await pruneSecrets(db, at(90))).toBe(2);
    expect((await db.select().from(oneTimeSecrets)).map((r) => r.id)).toEqual([live.id]);
  });
});
