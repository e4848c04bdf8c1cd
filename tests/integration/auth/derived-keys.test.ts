// The move to one key per use of the app secret (decision 0104), against a real database: TOTP keys
// sealed under the app secret itself still verify and are sealed again under the derived key — by
// the startup job and at sign-in — and the old 50-bit recovery codes stored as a bare SHA-256 are
// refused, withdrawn and their members told.
import { createHmac } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import {
  auditLog,
  emailOutbox,
  loginThrottles,
  rateLimits,
  staffRecoveryCodes,
  staffUsers,
} from '../../../db/schema/index.ts';
import { reEnrolTotp } from '../../../src/features/auth/account.server.ts';
import { migrateToDerivedKeys } from '../../../src/features/auth/key-migration.server.ts';
import {
  signInWithPassword,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../../../src/features/auth/sign-in.server.ts';
import { hashToken, normaliseRecoveryCode } from '../../../src/features/auth/tokens.ts';
import { generateTotpKey } from '../../../src/features/auth/totp.ts';
import { openTotpKey } from '../../../src/features/auth/totp-keys.server.ts';
import { ACCOUNT_SECURITY_KIND } from '../../../src/features/email/messages/account-security.ts';
import { open, seal } from '../../../src/features/secrets/secret-box.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import {
  asUser,
  createStaff,
  outcome,
  pendingSignIn,
  TEST_MAIL,
  TEST_PASSWORD,
  TEST_SECRET,
  type TestStaff,
  totpAt,
} from '../../helpers/staff.ts';

const T0 = new Date('2026-12-06T10:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
let clientN = 0;
const ctx = (now: Date) => ({ ...TEST_MAIL, client: `10.9.0.${++clientN}`, userAgent: 'test', now });
const migrate = (db: Db) => migrateToDerivedKeys(db, { appSecret: TEST_SECRET, baseUrl: TEST_MAIL.baseUrl });

/** Seals the member's TOTP key the way it was sealed before decision 0104: the app secret as the AES key. */
async function sealTheOldWay(db: Db, s: TestStaff): Promise<string> {
  const sealed = seal(s.key, TEST_SECRET);
  await db.update(staffUsers).set({ totpKeyEncrypted: sealed }).where(eq(staffUsers.id, s.id));
  return sealed;
}

async function storedKey(db: Db, s: TestStaff): Promise<string> {
  const [row] = await db
    .select({ sealed: staffUsers.totpKeyEncrypted })
    .from(staffUsers)
    .where(eq(staffUsers.id, s.id));
  if (!row?.sealed) throw new Error('no key');
  return row.sealed;
}

/** Sealed under the derived key: named, opening to the member's key, and not under the app secret. */
function expectDerived(sealed: string, s: TestStaff): void {
  expect(sealed).toMatch(/^totp-box\/v1:[\w-]+\.[\w-]+$/);
  expect([...openTotpKey(TEST_SECRET, sealed).key]).toEqual([...s.key]);
  expect(() => open(sealed, TEST_SECRET)).toThrow();
  expect(() => open(sealed.slice(sealed.indexOf(':') + 1), TEST_SECRET)).toThrow();
}

describe('TOTP keys sealed under the app secret itself', () => {
  test('are sealed again under the derived key by the startup job, and still verify', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    expectDerived(await storedKey(db, s), s);
    const old = await sealTheOldWay(db, s);
    expect([...open(old, TEST_SECRET)]).toEqual([...s.key]);

    const moved = await migrate(db);
    expect(moved.totpKeysResealed).toBeGreaterThanOrEqual(1);
    expectDerived(await storedKey(db, s), s);
    // No row is left under the old key.
    const rows = await db
      .select({ sealed: staffUsers.totpKeyEncrypted })
      .from(staffUsers)
      .where(isNotNull(staffUsers.totpKeyEncrypted));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.sealed?.startsWith('totp-box/v1:')).toBe(true);
    // A second run finds nothing to do.
    expect((await migrate(db)).totpKeysResealed).toBe(0);

    const at = minutes(5);
    const session = await pendingSignIn(db, s, ctx(at));
    const signedIn = await verifySecondFactor(db, session, asUser(s), totpAt(s.key, at), ctx(at));
    expect(signedIn).toMatchObject({ session: { mfaVerified: true } });
  });

  test('are sealed again when used at sign-in, before any job runs', async ({ db }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    await sealTheOldWay(db, s);
    const at = minutes(10);
    await verifySecondFactor(db, await pendingSignIn(db, s, ctx(at)), asUser(s), totpAt(s.key, at), ctx(at));
    expectDerived(await storedKey(db, s), s);
  });

  test('are sealed again when read on the account page, even if the code is wrong', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    await sealTheOldWay(db, s);
    const at = minutes(15);
    const newKey = generateTotpKey();
    const input = { currentPassword: TEST_PASSWORD, currentCode: '000000', newKey, newCode: '000000' };
    expect(await outcome(reEnrolTotp(db, asUser(s), input, ctx(at)))).toBe('invalid_code');
    expectDerived(await storedKey(db, s), s);
  });

  test('one that does not open under this app secret is left alone and counted', async ({ db }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    const foreign = seal(s.key, new Uint8Array(32).fill(1));
    await db.update(staffUsers).set({ totpKeyEncrypted: foreign }).where(eq(staffUsers.id, s.id));
    expect((await migrate(db)).totpKeysUnreadable).toBeGreaterThanOrEqual(1);
    expect(await storedKey(db, s)).toBe(foreign);
    await db.update(staffUsers).set({ totpKeyEncrypted: null }).where(eq(staffUsers.id, s.id));
  });
});

describe('recovery codes from before', () => {
  async function addCode(
    db: Db,
    s: TestStaff,
    codeHash: string,
    usedAt: Date | null = null,
  ): Promise<string> {
    const id = crypto.randomUUID();
    await db.insert(staffRecoveryCodes).values({ id, staffId: s.id, codeHash, usedAt });
    return id;
  }
  const securityEmails = (db: Db, s: TestStaff) =>
    db
      .select({ subject: emailOutbox.subject, text: emailOutbox.text })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.recipient, s.email), eq(emailOutbox.kind, ACCOUNT_SECURITY_KIND)));
  const withdrawals = (db: Db, s: TestStaff) =>
    db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.recovery_codes_withdrawn'), eq(auditLog.recordId, s.id)));

  test('a 50-bit code stored as a bare SHA-256 is refused, withdrawn, and its member told once', async ({
    db,
  }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const legacy = await addCode(db, s, hashToken('abcdefghij'));
    await addCode(db, s, hashToken('klmnopqrst'));
    const at = minutes(20);
    // The old path is gone: the right legacy code is a wrong code now.
    expect(
      await outcome(
        verifyRecoveryCode(db, await pendingSignIn(db, s, ctx(at)), asUser(s), 'ABCDE-FGHIJ', ctx(at)),
      ),
    ).toBe('invalid_code');

    expect((await migrate(db)).legacyRecoveryCodesWithdrawn).toBeGreaterThanOrEqual(1);
    const left = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, s.id));
    expect(left.map((r) => r.id)).not.toContain(legacy);
    expect(left).toHaveLength(10);
    for (const row of left) expect(row.codeHash).toMatch(/^recovery-code\/v1:/);
    expect(await withdrawals(db, s)).toEqual([{ details: { codes: 2 } }]);
    const emails = await securityEmails(db, s);
    expect(emails.map((e) => e.subject)).toEqual([
      expect.stringContaining('old recovery codes no longer work'),
    ]);
    expect(emails[0]?.text).toContain('set up your authenticator app again');

    // Nothing left to withdraw: no second email or audit row.
    await migrate(db);
    expect(await securityEmails(db, s)).toHaveLength(1);
    expect(await withdrawals(db, s)).toHaveLength(1);
    // The member's current codes still work.
    const at2 = minutes(25);
    const current = s.recoveryCodes[0] as string;
    await verifyRecoveryCode(db, await pendingSignIn(db, s, ctx(at2)), asUser(s), current, ctx(at2));
  });

  test('a member whose legacy codes were all used is not told anything', async ({ db }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    await addCode(db, s, hashToken('uvwxyzabcd'), T0);
    await migrate(db);
    const left = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, s.id));
    expect(left.map((r) => r.codeHash)).not.toContain(hashToken('uvwxyzabcd'));
    expect(await securityEmails(db, s)).toEqual([]);
    expect(await withdrawals(db, s)).toEqual([]);
  });

  test('a 120-bit code hashed under the app secret itself (hmac:) still works, once', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    const typed = 'abcd-efgh-ijkl-mnop-qrst-uvwx';
    const bare = createHmac('sha256', TEST_SECRET).update(normaliseRecoveryCode(typed)).digest('hex');
    await addCode(db, s, `hmac:${bare}`);
    expect((await migrate(db)).membersWithBareKeyCodes).toBeGreaterThanOrEqual(1);
    const at = minutes(30);
    const use = async () =>
      outcome(verifyRecoveryCode(db, await pendingSignIn(db, s, ctx(at)), asUser(s), typed, ctx(at)));
    expect(await use()).toBe('ok');
    expect(await use()).toBe('invalid_code');
    // Used, it is kept under the derived key: nothing hashed under the app secret itself is left
    // (decision 0147), and the startup count of members holding such codes goes down.
    const rows = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, s.id));
    expect(rows.filter((r) => r.codeHash.startsWith('hmac:'))).toEqual([]);
    expect(rows.filter((r) => r.usedAt !== null).map((r) => r.codeHash.split(':')[0])).toEqual([
      'recovery-code/v1',
    ]);
  });
});

describe('short-lived HMAC keys', () => {
  test('lockouts and rate limits are keyed under derived keys, never the app secret', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(40);
    const c = ctx(at);
    await outcome(signInWithPassword(db, { email: s.email, password: 'not the password at all' }, c));
    const bare = (value: string) => createHmac('sha256', TEST_SECRET).update(value).digest('base64url');
    const keys = [
      ...(await db.select({ key: loginThrottles.key }).from(loginThrottles)),
      ...(await db.select({ key: rateLimits.key }).from(rateLimits)),
    ].map((r) => r.key);
    expect(keys.some((k) => k.startsWith('login:account:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('login:client:'))).toBe(true);
    for (const key of keys) {
      expect(key).not.toContain(bare(s.email));
      expect(key).not.toContain(bare(c.client));
    }
  });
});
