// Staff identity against a real database: set-up, sign-in, lockout, second factor, recovery
// codes, session expiry and revocation, password reset, and the audit trail of each.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { type Db, rowsOf } from '../../../db/client.ts';
import {
  auditLog,
  emailOutbox,
  staffRecoveryCodes,
  staffSessions,
  staffWardAssignments,
} from '../../../db/schema/index.ts';
import { changePassword, reEnrolTotp } from '../../../src/features/auth/account.server.ts';
import { AuthError } from '../../../src/features/auth/auth-errors.ts';
import { inviteStaffMember } from '../../../src/features/auth/invitations.server.ts';
import {
  completePasswordReset,
  findValidToken,
  INVITE_LIMIT,
  inviteStaff,
  limitInvitations,
  limitLinkUse,
  requestPasswordReset,
  TOKEN_CLIENT_LIMIT,
} from '../../../src/features/auth/one-time-links.server.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../../src/features/auth/session.ts';
import {
  LOGIN_CLIENT_LIMIT,
  signInWithPassword,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../../../src/features/auth/sign-in.server.ts';
import { generateTotpKey } from '../../../src/features/auth/totp.ts';
import { UnknownWardError } from '../../../src/features/places/places.server.ts';
import { rateLimitKeyFor } from '../../../src/features/secrets/keys.ts';
import {
  endStaffSessions,
  LastAdminError,
  setStaffActive,
  updateStaffMember,
} from '../../../src/features/staff/staff.server.ts';
import { hitRateLimit } from '../../../src/server/node/rate-limit.ts';
import { seededTest as it } from '../../helpers/fixtures.ts';
import {
  asUser,
  createStaff,
  TEST_MAIL,
  TEST_PASSWORD,
  TEST_SECRET,
  type TestStaff,
  totpAt,
} from '../../helpers/staff.ts';

const T0 = new Date('2026-11-22T10:00:00Z');
const minutes = (m: number, from = T0) => new Date(from.getTime() + m * 60_000);
let clientN = 0;
/** A fresh client address per test, so the per-client limit does not leak between tests. */
const ctx = (now: Date, client = `10.0.0.${++clientN}`) => ({
  ...TEST_MAIL,
  client,
  userAgent: 'test',
  now,
});

async function auditActions(db: Db, actorId: string): Promise<string[]> {
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.actorId, actorId));
  return rows.map((r) => r.action);
}

async function expectAuthError(p: Promise<unknown>, code: string): Promise<AuthError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).code).toBe(code);
  return error as AuthError;
}

describe('invitation and set-up', () => {
  it('ends with a password, an authenticator, 10 recovery codes, a session and a used-up link', async ({
    db,
  }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    expect(s.recoveryCodes).toHaveLength(10);
    expect(new Set(s.recoveryCodes).size).toBe(10);
    const v = await validateSessionToken(db, s.token, minutes(1));
    expect(v.user?.email).toBe(s.email);
    expect(v.session?.mfaVerified).toBe(true);
    expect(await auditActions(db, s.id)).toEqual(
      expect.arrayContaining(['auth.password_set', 'auth.totp_enrolled']),
    );
  });

  it('refuses a second account for the same address, whatever its case', async ({ db }) => {
    const s = await createStaff(db, 'ward_officer', { now: T0 });
    await expectAuthError(
      inviteStaff(
        db,
        { email: s.email.toUpperCase(), name: 'x', role: 'admin' },
        { id: null, email: null },
        TEST_SECRET,
      ),
      'email_taken',
    );
  });

  it('expires an invitation after 72 hours', async ({ db }) => {
    const { token } = await inviteStaff(
      db,
      { email: `late-${Date.now()}@example.org`, name: 'Late', role: 'admin' },
      { id: null, email: null },
      TEST_SECRET,
      T0,
    );
    expect(await findValidToken(db, TEST_SECRET, token, 'invite', minutes(72 * 60 - 1))).not.toBeNull();
    expect(await findValidToken(db, TEST_SECRET, token, 'invite', minutes(72 * 60 + 1))).toBeNull();
    expect(await findValidToken(db, TEST_SECRET, token, 'password_reset', T0)).toBeNull();
  });
});

describe('signing in', () => {
  it('takes a password, then a code, and gives a new token for the full session', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const c = ctx(minutes(5));
    const pending = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, c);
    expect(pending.session.mfaVerified).toBe(false);
    const pendingCheck = await validateSessionToken(db, pending.token, minutes(5));
    if (!pendingCheck.session) throw new Error('pending session missing');
    const full = await verifySecondFactor(db, pendingCheck.session, asUser(s), totpAt(s.key, minutes(5)), c);
    expect(full.token).not.toBe(pending.token);
    expect(full.session.mfaVerified).toBe(true);
    expect((await validateSessionToken(db, pending.token, minutes(5))).session).toBeNull();
    expect(await auditActions(db, s.id)).toContain('auth.login');
  });

  it('gives the same answer for a wrong password and an unknown address, and records both', async ({
    db,
  }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    await expectAuthError(
      signInWithPassword(db, { email: s.email, password: 'not the password at all' }, ctx(T0)),
      'invalid_credentials',
    );
    await expectAuthError(
      signInWithPassword(db, { email: 'nobody@example.org', password: 'not the password at all' }, ctx(T0)),
      'invalid_credentials',
    );
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
    expect(failures.map((f) => f.actorLabel)).toEqual(
      expect.arrayContaining([s.email, 'nobody@example.org']),
    );
    expect(failures.find((f) => f.actorLabel === 'nobody@example.org')?.actorId).toBeNull();
  });

  // Lockouts: see staff-lockouts.test.ts.

  it('limits attempts from one client across addresses', async ({ db }) => {
    const c = ctx(T0, '192.0.2.99');
    for (let i = 0; i < LOGIN_CLIENT_LIMIT.limit; i++) {
      await expectAuthError(
        signInWithPassword(db, { email: `spray-${i}@example.org`, password: 'guess guess guess' }, c),
        'invalid_credentials',
      );
    }
    await expectAuthError(
      signInWithPassword(db, { email: 'spray-last@example.org', password: 'guess guess guess' }, c),
      'throttled',
    );
  });

  it('refuses a deactivated account with the generic answer', async ({ db }) => {
    const admin = await createStaff(db, 'admin', { now: T0 });
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    await setStaffActive(db, s.id, false, { id: admin.id, email: admin.email }, 'left the team');
    await expectAuthError(
      signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(T0)),
      'invalid_credentials',
    );
  });
});

describe('second factor', () => {
  async function pendingFor(db: Db, s: TestStaff, at: Date) {
    const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
    const v = await validateSessionToken(db, p.token, at);
    if (!v.session) throw new Error('no pending session');
    return { token: p.token, session: v.session };
  }

  it('never accepts the same code twice', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(10);
    const code = totpAt(s.key, at);
    const first = await pendingFor(db, s, at);
    await verifySecondFactor(db, first.session, asUser(s), code, ctx(at));
    const second = await pendingFor(db, s, at);
    await expectAuthError(verifySecondFactor(db, second.session, asUser(s), code, ctx(at)), 'invalid_code');
  });

  it('ends the pending session after 5 wrong codes', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(20);
    let pending = await pendingFor(db, s, at);
    for (let i = 0; i < 4; i++) {
      await expectAuthError(
        verifySecondFactor(db, pending.session, asUser(s), '000000', ctx(at)),
        'invalid_code',
      );
      const v = await validateSessionToken(db, pending.token, at);
      if (!v.session) throw new Error('ended too soon');
      pending = { token: pending.token, session: v.session };
    }
    await expectAuthError(
      verifySecondFactor(db, pending.session, asUser(s), '000000', ctx(at)),
      'too_many_codes',
    );
    expect((await validateSessionToken(db, pending.token, at)).session).toBeNull();
    expect(await auditActions(db, s.id)).toContain('auth.second_factor_failed');
  });

  it('accepts each recovery code once', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(30);
    const [code] = s.recoveryCodes;
    if (!code) throw new Error('no codes');
    const a = await pendingFor(db, s, at);
    const signedIn = await verifyRecoveryCode(db, a.session, asUser(s), code.toUpperCase(), ctx(at));
    expect(signedIn.session.mfaVerified).toBe(true);
    const b = await pendingFor(db, s, at);
    await expectAuthError(verifyRecoveryCode(db, b.session, asUser(s), code, ctx(at)), 'invalid_code');
    expect(await auditActions(db, s.id)).toContain('auth.recovery_code_used');
  });

  it('stores recovery codes as keyed hashes under their own derived key', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const stored = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, s.id));
    expect(stored).toHaveLength(10);
    for (const row of stored) expect(row.codeHash).toMatch(/^recovery-code\/v1:[0-9a-f]{64}$/);
    // Codes from before derived keys: tests/integration/auth/derived-keys.test.ts.
  });

  it('re-enrolment needs the password and a current code, and replaces the recovery codes', async ({
    db,
  }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const at = minutes(40);
    const newKey = generateTotpKey();
    await expectAuthError(
      reEnrolTotp(
        db,
        asUser(s),
        {
          currentPassword: 'wrong password!!',
          currentCode: totpAt(s.key, at),
          newKey,
          newCode: totpAt(newKey, at),
        },
        ctx(at),
      ),
      'wrong_password',
    );
    const { recoveryCodes } = await reEnrolTotp(
      db,
      asUser(s),
      { currentPassword: TEST_PASSWORD, currentCode: totpAt(s.key, at), newKey, newCode: totpAt(newKey, at) },
      ctx(at),
    );
    expect(recoveryCodes).toHaveLength(10);
    const later = minutes(41);
    const p = await pendingFor(db, s, later);
    await expectAuthError(
      verifySecondFactor(db, p.session, asUser(s), totpAt(s.key, later), ctx(later)),
      'invalid_code',
    );
    await verifySecondFactor(db, p.session, asUser(s), totpAt(newKey, later), ctx(later));
    const old = await pendingFor(db, s, minutes(42));
    await expectAuthError(
      verifyRecoveryCode(db, old.session, asUser(s), s.recoveryCodes[1] ?? '', ctx(minutes(42))),
      'invalid_code',
    );
  });
});

describe('session lifetime', () => {
  it('ends after 30 idle minutes and slides with activity', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const start = minutes(-0.5);
    expect((await validateSessionToken(db, s.token, minutes(20, start))).session).not.toBeNull();
    // Active at +20 min, so still valid at +45 min (25 idle minutes)…
    expect((await validateSessionToken(db, s.token, minutes(45, start))).session).not.toBeNull();
    // …and it was touched then, so it ends 30 idle minutes after +45, and is then gone for good.
    const lastActive = minutes(45, start);
    expect(
      (await validateSessionToken(db, s.token, new Date(lastActive.getTime() + SESSION_IDLE_MS - 1000)))
        .session,
    ).not.toBeNull();
    const idle = await validateSessionToken(
      db,
      s.token,
      new Date(lastActive.getTime() + SESSION_IDLE_MS + SESSION_IDLE_MS),
    );
    expect(idle).toMatchObject({ session: null, reason: 'idle_expired' });
    expect((await validateSessionToken(db, s.token, minutes(46, start))).session).toBeNull();
  });

  it('ends 12 hours after sign-in however active', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    const start = minutes(-0.5);
    for (let m = 20; m < 12 * 60; m += 20) {
      expect(
        (await validateSessionToken(db, s.token, minutes(m, start))).session,
        `at ${m} min`,
      ).not.toBeNull();
    }
    const end = await validateSessionToken(db, s.token, new Date(start.getTime() + SESSION_ABSOLUTE_MS));
    expect(end).toMatchObject({ session: null, reason: 'expired' });
  });
});

describe('revocation', () => {
  it('a password change ends every other session and gives this browser a new one', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer', { now: T0 });
    const at = minutes(1);
    const other = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
    const { token } = await changePassword(
      db,
      asUser(s),
      { currentPassword: TEST_PASSWORD, newPassword: 'a brand new long password' },
      ctx(at),
    );
    expect((await validateSessionToken(db, s.token, at)).session).toBeNull();
    expect((await validateSessionToken(db, other.token, at)).session).toBeNull();
    expect((await validateSessionToken(db, token, at)).session).not.toBeNull();
    await expectAuthError(
      changePassword(db, asUser(s), { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(20) }, ctx(at)),
      'wrong_password',
    );
  });

  it('deactivation and an administrator’s "end sessions" both sign the member out at once', async ({
    db,
  }) => {
    const admin = await createStaff(db, 'admin', { now: T0 });
    const a = await createStaff(db, 'liaison_officer', { now: T0 });
    const ended = await endStaffSessions(db, a.id, { id: admin.id, email: admin.email }, 'lost laptop');
    expect(ended).toBe(1);
    expect((await validateSessionToken(db, a.token, minutes(1))).session).toBeNull();

    const b = await createStaff(db, 'liaison_officer', { now: T0 });
    await setStaffActive(db, b.id, false, { id: admin.id, email: admin.email }, 'left');
    const rows = await db.select().from(staffSessions).where(eq(staffSessions.staffId, b.id));
    expect(rows).toHaveLength(0);
    const audit = await db.select().from(auditLog).where(eq(auditLog.recordId, b.id));
    expect(audit.find((r) => r.action === 'staff.deactivate')?.reason).toBe('left');
  });

  it('assigns each named ward once, and refuses a ward that does not exist, changing nothing', async ({
    db,
  }) => {
    const officer = await createStaff(db, 'ward_officer');
    const actor = { id: officer.id, email: officer.email };
    await updateStaffMember(
      db,
      officer.id,
      { role: 'ward_officer', wardSlugs: ['bloomsbury', 'bloomsbury', 'highgate'] },
      actor,
    );
    const wardsOf = async () =>
      (await db.select().from(staffWardAssignments).where(eq(staffWardAssignments.staffId, officer.id)))
        .length;
    expect(await wardsOf()).toBe(2);
    await expect(
      updateStaffMember(
        db,
        officer.id,
        { role: 'ward_officer', wardSlugs: ['bloomsbury', 'atlantis'] },
        actor,
      ),
    ).rejects.toBeInstanceOf(UnknownWardError);
    expect(await wardsOf()).toBe(2);
  });

  it('never leaves the portal without an active administrator', async ({ ownDb: solo }) => {
    const only = await createStaff(solo, 'admin', { now: T0 });
    const actor = { id: only.id, email: only.email };
    await expect(setStaffActive(solo, only.id, false, actor, 'x')).rejects.toBeInstanceOf(LastAdminError);
    await expect(
      updateStaffMember(solo, only.id, { role: 'ward_officer', wardSlugs: [] }, actor),
    ).rejects.toBeInstanceOf(LastAdminError);
  });
});

describe('password reset', () => {
  it('gives nothing away for an unknown address and resets a known one, ending its sessions', async ({
    db,
  }) => {
    expect(await requestPasswordReset(db, 'nobody-here@example.org', ctx(T0))).toBeNull();
    const s = await createStaff(db, 'admin', { now: T0 });
    const reset = await requestPasswordReset(db, s.email, ctx(T0));
    if (!reset) throw new Error('no reset token');
    const holder = await findValidToken(db, TEST_SECRET, reset.token, 'password_reset', minutes(59));
    expect(await findValidToken(db, TEST_SECRET, reset.token, 'password_reset', minutes(61))).toBeNull();
    if (!holder) throw new Error('token not valid');
    await completePasswordReset(db, holder, 'the new reset password', '127.0.0.1', TEST_SECRET, minutes(1));
    expect((await validateSessionToken(db, s.token, minutes(1))).session).toBeNull();
    await expectAuthError(
      completePasswordReset(db, holder, 'another new password', null, TEST_SECRET, minutes(1)),
      'invalid_link',
    );
    const p = await signInWithPassword(
      db,
      { email: s.email, password: 'the new reset password' },
      ctx(minutes(2)),
    );
    expect(p.session.mfaVerified).toBe(false);
  });
});

describe('rate limits', () => {
  it('count within a window and start again after it', async ({ db }) => {
    const rule = { scope: 'test', limit: 2, windowSeconds: 60 };
    const hit = (at: Date) => hitRateLimit(db, rateLimitKeyFor(TEST_SECRET), rule, 'someone', at);
    expect((await hit(T0)).allowed).toBe(true);
    expect((await hit(minutes(0.5))).allowed).toBe(true);
    const third = await hit(minutes(0.75));
    expect(third).toEqual({ allowed: false, retryAfterSeconds: 15, count: 3 });
    expect((await hit(minutes(1.01))).allowed).toBe(true);
  });
  it('on the clock: count from the start of the window, and store only its start', async ({ db }) => {
    const rule = { scope: 'clock', limit: 2, windowSeconds: 3600, onTheClock: true };
    const at = (iso: string) => new Date(`2026-12-01T${iso}Z`);
    const hit = (iso: string) => hitRateLimit(db, rateLimitKeyFor(TEST_SECRET), rule, 'someone', at(iso));
    expect((await hit('10:59:00')).allowed).toBe(true);
    // A new hour is a new window, however close the last attempt.
    expect((await hit('11:00:10')).allowed).toBe(true);
    expect((await hit('11:30:00')).allowed).toBe(true);
    expect(await hit('11:45:00')).toEqual({ allowed: false, retryAfterSeconds: 900, count: 3 });
    const rows = rowsOf<{ window_start: string | Date }>(
      await db.execute(sql`select window_start from rate_limits where key like 'clock:%'`),
    );
    expect(rows.map((r) => new Date(r.window_start).toISOString())).toEqual(['2026-12-01T11:00:00.000Z']);
  });
  it('store no address, only a keyed hash', async ({ db }) => {
    await hitRateLimit(
      db,
      rateLimitKeyFor(TEST_SECRET),
      { scope: 'privacy', limit: 1, windowSeconds: 60 },
      '203.0.113.7',
      T0,
    );
    const rows = await db.execute(sql`select key from rate_limits where key like 'privacy:%'`);
    const list = rowsOf<{ key: string }>(rows);
    expect(list).toHaveLength(1);
    expect(list[0]?.key).not.toContain('203.0.113.7');
  });
});

describe('one-time links and invitations', () => {
  it('limit how often one client may open or use links', async ({ db }) => {
    const c = ctx(T0, '198.51.100.1');
    for (let i = 0; i < TOKEN_CLIENT_LIMIT.limit; i++) await limitLinkUse(db, c);
    await expectAuthError(limitLinkUse(db, c), 'throttled');
  });
  it('limit how many invitations one administrator may send', async ({ db }) => {
    const c = ctx(T0);
    for (let i = 0; i < INVITE_LIMIT.limit; i++) await limitInvitations(db, 'admin-x', c);
    await expectAuthError(limitInvitations(db, 'admin-x', c), 'throttled');
    await limitInvitations(db, 'admin-y', c);
  });
});

describe('inviteStaffMember', () => {
  it('creates the account, queues the invitation and audits it together; refuses unknown wards', async ({
    db,
  }) => {
    const admin = await createStaff(db, 'admin', { now: T0 });
    const by = { id: admin.id, email: admin.email, name: admin.name, client: '203.0.113.9' };
    const email = `invited-${Date.now()}@example.org`;
    await expect(
      inviteStaffMember(
        db,
        { email, name: 'Ward Officer', role: 'ward_officer', wards: ['no-such-ward'] },
        by,
        {
          ...TEST_MAIL,
        },
      ),
    ).rejects.toBeInstanceOf(UnknownWardError);
    const { staffId } = await inviteStaffMember(
      db,
      { email, name: 'Ward Officer', role: 'admin', wards: [] },
      by,
      { ...TEST_MAIL },
    );
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, email));
    expect(mail?.text).toContain(admin.name);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.recordId, staffId));
    expect(audit).toMatchObject({ actorId: admin.id, client: '203.0.113.9' });
    // The same address again: nothing new is queued.
    await expectAuthError(
      inviteStaffMember(db, { email, name: 'Again', role: 'admin', wards: [] }, by, {
        ...TEST_MAIL,
      }),
      'email_taken',
    );
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, email))).toHaveLength(1);
  });
});

describe('audit log', () => {
  it('cannot be changed or deleted, even by the application’s own database user', async ({ db }) => {
    const s = await createStaff(db, 'admin', { now: T0 });
    await expect(
      db.update(auditLog).set({ reason: 'tampered' }).where(eq(auditLog.actorId, s.id)),
    ).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.actorId, s.id))).rejects.toThrow();
    expect((await auditActions(db, s.id)).length).toBeGreaterThan(0);
  });
});
