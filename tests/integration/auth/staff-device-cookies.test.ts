// Device cookies (OWASP): a browser that completed a sign-in is not held back by a guesser's failures
// from elsewhere, while untrusted clients still meet every lock; a device cookie's own failures lock
// it; a cookie of another member, a made-up one or a revoked one gives nothing.
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog } from '../../../db/schema/index.ts';
import { changePassword } from '../../../src/features/auth/account.server.ts';
import { trustedDevice } from '../../../src/features/auth/device-cookies.server.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { ACCOUNT_LOCKOUT, DEVICE_LOCKOUT, PAIR_LOCKOUT } from '../../../src/features/auth/session.ts';
import { signInWithPassword, verifySecondFactor } from '../../../src/features/auth/sign-in.server.ts';
import { endStaffSessions } from '../../../src/features/staff/staff.server.ts';
import { actorOf, test } from '../../helpers/fixtures.ts';
import {
  asUser,
  createStaff,
  outcome,
  TEST_MAIL,
  TEST_PASSWORD,
  TEST_SECRET,
  type TestStaff,
  totpAt,
} from '../../helpers/staff.ts';

const T0 = new Date('2026-11-23T10:00:00Z');
const minutes = (m: number, from = T0) => new Date(from.getTime() + m * 60_000);
let clientN = 0;
const freshClient = () => `10.2.${Math.floor(++clientN / 250)}.${clientN % 250}`;
const ctx = (now: Date, client = freshClient(), device: string | null = null) => ({
  ...TEST_MAIL,
  client,
  userAgent: 'test',
  now,
  device,
});

/** Password then code, as the owner's browser does; the device cookie it is given. */
async function signIn(db: Db, s: TestStaff, at: Date, client: string, device: string | null = null) {
  const p = await signInWithPassword(
    db,
    { email: s.email, password: TEST_PASSWORD },
    ctx(at, client, device),
  );
  const v = await validateSessionToken(db, p.token, at);
  if (!v.session) throw new Error('no pending session');
  const done = await verifySecondFactor(db, v.session, asUser(s), totpAt(s.key, at), ctx(at, client, device));
  expect(done.session.mfaVerified).toBe(true);
  expect(done.device.expiresAt.getTime()).toBeGreaterThan(minutes(170 * 24 * 60, at).getTime());
  return done.device.token;
}

/** Wrong passwords from many addresses: the owner's address locked, and the address-wide cap reached. */
async function attack(db: Db, s: TestStaff, at: Date, ownersAddress: string) {
  for (let i = 0; i < PAIR_LOCKOUT.free; i++) {
    await outcome(signInWithPassword(db, { email: s.email, password: `wrong ${i}` }, ctx(at, ownersAddress)));
  }
  for (let i = PAIR_LOCKOUT.free; i < ACCOUNT_LOCKOUT.free; i++) {
    expect(
      await outcome(
        signInWithPassword(db, { email: s.email, password: `wrong ${i}` }, ctx(at, freshClient())),
      ),
    ).toBe('invalid_credentials');
  }
}

const attempt = (
  db: Db,
  s: TestStaff,
  at: Date,
  client: string,
  device: string | null,
  password = TEST_PASSWORD,
) => outcome(signInWithPassword(db, { email: s.email, password }, ctx(at, client, device)));

describe('device cookies', () => {
  test('the browser that finished its invitation is trusted; changing the password trusts only this browser', async ({
    db,
  }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    expect(await trustedDevice(db, TEST_SECRET, s.device, s.email, T0)).not.toBeNull();
    const elsewhere = await signIn(db, s, minutes(1), '192.0.2.20');
    const changed = await changePassword(
      db,
      asUser(s),
      { currentPassword: TEST_PASSWORD, newPassword: 'a different long password' },
      ctx(minutes(2), '192.0.2.10', s.device),
    );
    for (const ended of [s.device, elsewhere])
      expect(await trustedDevice(db, TEST_SECRET, ended, s.email, minutes(3))).toBeNull();
    expect(await trustedDevice(db, TEST_SECRET, changed.device.token, s.email, minutes(3))).not.toBeNull();
  });

  test("an attacker's failures from many addresses never stop the owner signing in from their browser", async ({
    db,
  }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    const home = '192.0.2.10';
    const cookie = await signIn(db, s, T0, home);
    // Locked from minute 1 to minute 2: the owner's address, and the address-wide cap.
    await attack(db, s, minutes(1), home);
    // Untrusted clients are locked out: the owner's address without the cookie, and anywhere else.
    expect(await attempt(db, s, minutes(1.2), home, null)).toBe('locked');
    expect(await attempt(db, s, minutes(1.2), freshClient(), null)).toBe('locked');
    // The owner's browser signs in, password and code, from the locked address.
    const renewed = await signIn(db, s, minutes(1.2), home, cookie);
    expect(renewed).not.toBe(cookie);
    // The owner's sign-in leaves the address-wide count where it was: untrusted clients stay locked.
    expect(await attempt(db, s, minutes(1.5), freshClient(), null)).toBe('locked');
    // The cookie is rotated: the old one is trusted no more, the new one is, at the code step too.
    expect(await attempt(db, s, minutes(1.5), home, cookie)).toBe('locked');
    const p = await signInWithPassword(
      db,
      { email: s.email, password: TEST_PASSWORD },
      ctx(minutes(1.5), home, renewed),
    );
    const at = minutes(1.9);
    const v = await validateSessionToken(db, p.token, at);
    if (!v.session) throw new Error('no pending session');
    expect(
      await outcome(verifySecondFactor(db, v.session, asUser(s), totpAt(s.key, at), ctx(at, home, renewed))),
    ).toBe('ok');
  }, 120_000);

  test('locks a device cookie after its own failures, from any address (a stolen cookie guesses slowly)', async ({
    db,
  }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    const cookie = await signIn(db, s, T0, '192.0.2.20');
    const at = minutes(1);
    for (let i = 0; i < DEVICE_LOCKOUT.free; i++) {
      expect(await attempt(db, s, at, freshClient(), cookie, `wrong ${i}`)).toBe('invalid_credentials');
    }
    // Locked: even the right password, from yet another address, with the cookie.
    expect(await attempt(db, s, minutes(0.5, at), freshClient(), cookie)).toBe('locked');
    const [locked] = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.actorLabel, s.email), eq(auditLog.action, 'auth.login_locked')));
    expect(locked?.details).toEqual({ device: true });
    // After the minute, one attempt; a failure locks the cookie for longer.
    expect(await attempt(db, s, minutes(1.5, at), freshClient(), cookie, 'wrong again')).toBe(
      'invalid_credentials',
    );
    expect(await attempt(db, s, minutes(2.5, at), freshClient(), cookie)).toBe('locked');
    expect(await attempt(db, s, minutes(4, at), freshClient(), cookie)).toBe('ok');
  });

  test('gives no exemption for a cookie of another member, a made-up one, or a revoked one', async ({
    db,
  }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    const other = await createStaff(db, 'ward_officer', { now: T0 });
    const home = '192.0.2.30';
    const own = await signIn(db, s, T0, home);
    const others = await signIn(db, other, T0, home);
    const madeUp = 'abcdefghijklmnopqrstuvwxyz234567';
    await attack(db, s, minutes(1), home);
    const at = minutes(1.5);
    expect(await attempt(db, s, at, home, others)).toBe('locked');
    expect(await attempt(db, s, at, home, madeUp)).toBe('locked');
    expect(await trustedDevice(db, TEST_SECRET, others, s.email, at)).toBeNull();
    expect(await trustedDevice(db, TEST_SECRET, own, s.email, at)).not.toBeNull();
    expect(await attempt(db, s, at, home, own)).toBe('ok');
    // An administrator ending the member's sessions (a lost laptop) ends its device cookies too.
    const admin = await createStaff(db, 'admin', { now: T0 });
    await endStaffSessions(db, s.id, actorOf(admin), 'lost laptop');
    expect(await trustedDevice(db, TEST_SECRET, own, s.email, at)).toBeNull();
    expect(await attempt(db, s, at, home, own)).toBe('locked');
  }, 120_000);
});
