// Lockouts and rate limits at sign-in, against a real database: wrong codes counted per account and
// atomically, one pending sign-in per account, locks per (address, client) with a looser cap per
// address, only failures counted per client, IPv6 clients grouped by /64.
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, staffSessions } from '../../../db/schema/index.ts';
import { AuthError } from '../../../src/features/auth/auth-errors.ts';
import {
  completePasswordReset,
  findValidToken,
  requestPasswordReset,
} from '../../../src/features/auth/one-time-links.server.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { ACCOUNT_LOCKOUT, MAX_MFA_FAILURES } from '../../../src/features/auth/session.ts';
import {
  LOGIN_CLIENT_LIMIT,
  signInWithPassword,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../../../src/features/auth/sign-in.server.ts';
import { dashboardCounts } from '../../../src/features/staff/dashboard.server.ts';
import { StaffNotFoundError, unlockSignIn } from '../../../src/features/staff/staff.server.ts';
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

const T0 = new Date('2026-11-22T10:00:00Z');
const minutes = (m: number, from = T0) => new Date(from.getTime() + m * 60_000);
let clientN = 0;
const freshClient = () => `10.1.0.${++clientN}`;
const ctx = (now: Date, client = freshClient()) => ({ ...TEST_MAIL, client, userAgent: 'test', now });

async function pendingFor(db: Db, s: TestStaff, at: Date, client = freshClient()) {
  const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at, client));
  const v = await validateSessionToken(db, p.token, at);
  if (!v.session) throw new Error('no pending session');
  return { token: p.token, session: v.session };
}

async function countAudit(db: Db, actorId: string, action: string): Promise<number> {
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, action)));
  return rows.length;
}

async function pendingSessions(db: Db, staffId: string): Promise<number> {
  const rows = await db
    .select({ id: staffSessions.id })
    .from(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), eq(staffSessions.mfaVerified, false)));
  return rows.length;
}

describe('the second factor', () => {
  test('lets 20 parallel wrong codes try at most the limit, then locks the account', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(5);
    const pending = await pendingFor(db, s, at);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        outcome(verifySecondFactor(db, pending.session, asUser(s), '000000', ctx(at))),
      ),
    );
    const tried = results.filter((r) => r === 'invalid_code' || r === 'too_many_codes');
    expect(tried.length).toBeLessThanOrEqual(MAX_MFA_FAILURES);
    expect(results.filter((r) => r === 'locked').length).toBeGreaterThanOrEqual(20 - MAX_MFA_FAILURES);
    expect(await countAudit(db, s.id, 'auth.second_factor_failed')).toBeLessThanOrEqual(MAX_MFA_FAILURES);
    expect(await pendingSessions(db, s.id)).toBe(0);
    // The dashboard shows them beside failed passwords.
    const counts = await dashboardCounts(db, 'admin');
    expect(counts.find((c) => c.label.startsWith('Wrong second-factor codes'))?.value).toBe(tried.length);
    expect(counts.find((c) => c.label.startsWith('Failed sign-ins'))).toBeDefined();
    // The password again opens a pending sign-in, but even the right code is refused while locked.
    const again = await pendingFor(db, s, minutes(0.5, at));
    expect(
      await outcome(
        verifySecondFactor(db, again.session, asUser(s), totpAt(s.key, minutes(0.5, at)), ctx(at)),
      ),
    ).toBe('locked');
  });

  test('counts wrong codes per account across pending sign-ins, recovery codes included', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(10);
    for (let i = 0; i < MAX_MFA_FAILURES - 1; i++) {
      // A new pending sign-in each time: it used to come with a fresh allowance of 5.
      const p = await pendingFor(db, s, at);
      const verify = i % 2 === 0 ? verifySecondFactor : verifyRecoveryCode;
      expect(await outcome(verify(db, p.session, asUser(s), '000000', ctx(at)))).toBe('invalid_code');
    }
    const last = await pendingFor(db, s, at);
    expect(await outcome(verifySecondFactor(db, last.session, asUser(s), '000000', ctx(at)))).toBe(
      'too_many_codes',
    );
    expect((await validateSessionToken(db, last.token, at)).session).toBeNull();
  });

  test('allows one pending sign-in per account: a new password success replaces the old one', async ({
    db,
  }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(15);
    const first = await pendingFor(db, s, at);
    const second = await pendingFor(db, s, at);
    expect((await validateSessionToken(db, first.token, at)).session).toBeNull();
    expect(await pendingSessions(db, s.id)).toBe(1);
    expect(await outcome(verifySecondFactor(db, first.session, asUser(s), totpAt(s.key, at), ctx(at)))).toBe(
      'too_many_codes',
    );
    expect(await outcome(verifySecondFactor(db, second.session, asUser(s), totpAt(s.key, at), ctx(at)))).toBe(
      'ok',
    );
  });

  test('checks the account-wide password lock at the code step', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(20);
    const pending = await pendingFor(db, s, at);
    // Wrong passwords from many clients reach the per-address cap while the pending sign-in waits.
    for (let i = 0; i < ACCOUNT_LOCKOUT.free; i++) {
      expect(
        await outcome(
          signInWithPassword(db, { email: s.email, password: `wrong ${i}` }, ctx(at, `10.9.${i}.1`)),
        ),
      ).toBe('invalid_credentials');
    }
    expect(
      await outcome(verifySecondFactor(db, pending.session, asUser(s), totpAt(s.key, at), ctx(at))),
    ).toBe('locked');
  }, 60_000);
});

describe('password lockout', () => {
  test('locks one client after 5 failures, for longer each time, while the owner signs in elsewhere', async ({
    db,
  }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const attacker = freshClient();
    for (let i = 0; i < 5; i++) {
      expect(
        await outcome(
          signInWithPassword(db, { email: s.email, password: `wrong ${i}` }, ctx(minutes(i), attacker)),
        ),
      ).toBe('invalid_credentials');
    }
    expect(
      await outcome(
        signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(minutes(4.5), attacker)),
      ),
    ).toBe('locked');
    // The owner, on their own device, is not locked out by someone else's guesses.
    expect(
      await outcome(signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(minutes(4.5)))),
    ).toBe('ok');
    // After the minute, one more failure locks this client for 2 minutes.
    expect(
      await outcome(
        signInWithPassword(db, { email: s.email, password: 'wrong again' }, ctx(minutes(6), attacker)),
      ),
    ).toBe('invalid_credentials');
    const longer = await signInWithPassword(
      db,
      { email: s.email, password: TEST_PASSWORD },
      ctx(minutes(6.5), attacker),
    ).catch((e: AuthError) => e);
    expect(longer).toBeInstanceOf(AuthError);
    expect((longer as AuthError).retryAfterSeconds).toBeGreaterThan(60);
    expect(
      await outcome(
        signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(minutes(9), attacker)),
      ),
    ).toBe('ok');
  });

  test('locks unknown addresses the same way, so a lock says nothing about who has an account', async ({
    db,
  }) => {
    const email = `ghost-${Date.now()}@example.org`;
    const c = freshClient();
    for (let i = 0; i < 5; i++) {
      expect(await outcome(signInWithPassword(db, { email, password: 'whatever it is' }, ctx(T0, c)))).toBe(
        'invalid_credentials',
      );
    }
    expect(await outcome(signInWithPassword(db, { email, password: 'whatever it is' }, ctx(T0, c)))).toBe(
      'locked',
    );
  });
});

describe('ending a lockout', () => {
  async function lockOut(db: Db, s: TestStaff, at: Date): Promise<string> {
    const attacker = freshClient();
    for (let i = 0; i < 5; i++) {
      await outcome(signInWithPassword(db, { email: s.email, password: `wrong ${i}` }, ctx(at, attacker)));
    }
    const p = await pendingFor(db, s, at);
    for (let i = 0; i < MAX_MFA_FAILURES; i++) {
      await outcome(verifySecondFactor(db, p.session, asUser(s), '000000', ctx(at)));
    }
    expect(
      await outcome(signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at, attacker))),
    ).toBe('locked');
    return attacker;
  }

  test('a completed password reset clears every lock on the address', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    const at = new Date();
    const attacker = await lockOut(db, s, at);
    const reset = await requestPasswordReset(db, s.email, ctx(at));
    const holder = reset && (await findValidToken(db, TEST_SECRET, reset.token, 'password_reset'));
    if (!holder) throw new Error('no reset');
    await completePasswordReset(db, holder, 'a fresh long password', null, TEST_SECRET);
    const p = await signInWithPassword(
      db,
      { email: s.email, password: 'a fresh long password' },
      ctx(at, attacker),
    );
    const v = await validateSessionToken(db, p.token, at);
    if (!v.session) throw new Error('no pending session');
    expect(await outcome(verifySecondFactor(db, v.session, asUser(s), totpAt(s.key, at), ctx(at)))).toBe(
      'ok',
    );
  });

  test('an administrator can unlock a member, and it is audited', async ({ db }) => {
    const admin = await createStaff(db, 'admin', { now: T0 });
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    const at = minutes(60);
    const attacker = await lockOut(db, s, at);
    const unlocked = await unlockSignIn(
      db,
      s.id,
      actorOf(admin, '203.0.113.5'),
      'locked out by someone',
      TEST_SECRET,
      at,
    );
    expect(unlocked).toBe(2);
    const p = await pendingFor(db, s, at, attacker);
    expect(await outcome(verifySecondFactor(db, p.session, asUser(s), totpAt(s.key, at), ctx(at)))).toBe(
      'ok',
    );
    const [row] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordId, s.id), eq(auditLog.action, 'staff.unlock')));
    expect(row).toMatchObject({ actorId: admin.id, reason: 'locked out by someone', client: '203.0.113.5' });
    await expect(
      unlockSignIn(db, crypto.randomUUID(), actorOf(admin), 'x', TEST_SECRET),
    ).rejects.toBeInstanceOf(StaffNotFoundError);
  });
});

describe('the per-client limit', () => {
  test('counts failures only: many successful sign-ins from one address are never refused', async ({
    db,
  }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    const office = '192.0.2.200';
    for (let i = 0; i < LOGIN_CLIENT_LIMIT.limit + 5; i++) {
      expect(
        await outcome(
          signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(minutes(30), office)),
        ),
      ).toBe('ok');
    }
  });

  test('counts an IPv6 /64 as one client', async ({ db }) => {
    const at = minutes(40);
    for (let i = 0; i < LOGIN_CLIENT_LIMIT.limit; i++) {
      expect(
        await outcome(
          signInWithPassword(
            db,
            { email: `v6-${i}@example.org`, password: 'guess guess guess' },
            ctx(at, `2001:db8:77:1::${(i + 1).toString(16)}`),
          ),
        ),
      ).toBe('invalid_credentials');
    }
    expect(
      await outcome(
        signInWithPassword(
          db,
          { email: 'v6-x@example.org', password: 'guess guess guess' },
          ctx(at, '2001:db8:77:1:ffff::1'),
        ),
      ),
    ).toBe('throttled');
    expect(
      await outcome(
        signInWithPassword(
          db,
          { email: 'v6-y@example.org', password: 'guess guess guess' },
          ctx(at, '2001:db8:77:2::1'),
        ),
      ),
    ).toBe('invalid_credentials');
  });
});
