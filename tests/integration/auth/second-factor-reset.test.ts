// An administrator resets a member's lost authenticator app: the key and recovery codes go, every
// session ends, the member is told; their next sign-in sets up a new app after the password.
// New recovery codes wait server-side, sealed, for the session that was given them.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  emailOutbox,
  staffRecoveryCodeReveals,
  staffRecoveryCodes,
  staffSessions,
  staffUsers,
} from '../../../db/schema/index.ts';
import { reEnrolTotp } from '../../../src/features/auth/account.server.ts';
import {
  forgetHeldRecoveryCodes,
  heldRecoveryCodes,
  RECOVERY_CODE_REVEAL_MS,
} from '../../../src/features/auth/credentials.server.ts';
import { reissueInvitation, requestPasswordReset } from '../../../src/features/auth/one-time-links.server.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { MFA_LOCKOUT } from '../../../src/features/auth/session.ts';
import {
  enrolNewAuthenticator,
  mustSetUpNewAuthenticator,
  signInWithPassword,
  verifySecondFactor,
} from '../../../src/features/auth/sign-in.server.ts';
import { generateTotpKey } from '../../../src/features/auth/totp.ts';
import { ACCOUNT_SECURITY_KIND } from '../../../src/features/email/messages/account-security.ts';
import {
  getStaffMember,
  NoSecondFactorError,
  OwnSecondFactorError,
  resetSecondFactor,
} from '../../../src/features/staff/staff.server.ts';
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
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

let clientN = 0;
const ctx = (now: Date) => ({ ...TEST_MAIL, client: `10.3.0.${++clientN}`, userAgent: 'test', now });
const actor = (s: TestStaff) => ({ id: s.id, email: s.email, client: '10.3.9.9' });

async function pendingSignIn(s: TestStaff, at: Date) {
  const p = await signInWithPassword(t.db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
  const v = await validateSessionToken(t.db, p.token, at);
  if (!v.session) throw new Error('no pending session');
  return { ...p, session: v.session };
}

describe('an administrator resets a member’s second factor', () => {
  it('removes the key and codes, ends sessions, audits with the reason and tells the member', async () => {
    const admin = await createStaff(t.db, 'admin');
    const member = await createStaff(t.db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    const { sessionsEnded } = await resetSecondFactor(
      t.db,
      member.id,
      actor(admin),
      'Lost phone',
      TEST_MAIL,
      at,
    );
    expect(sessionsEnded).toBe(1);

    const [row] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, member.id));
    expect(row?.totpKeyEncrypted).toBeNull();
    expect(row?.secondFactorResetAt).toEqual(at);
    expect(
      await t.db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, member.id)),
    ).toEqual([]);
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.staffId, member.id))).toEqual([]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordId, member.id), eq(auditLog.action, 'staff.reset_second_factor')));
    expect(audit).toMatchObject({ actorId: admin.id, reason: 'Lost phone' });
    const mails = await t.db
      .select({ subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.recipient, member.email), eq(emailOutbox.kind, ACCOUNT_SECURITY_KIND)));
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('reset by an administrator')]);

    // Still counts as set up: no invitation to resend; "forgot password" sends a reset link.
    expect(await getStaffMember(t.db, member.id)).toMatchObject({ setUp: true, newAuthenticatorDue: true });
    expect(
      await outcome(
        t.db.transaction((tx) => reissueInvitation(tx, member.id, actor(admin), TEST_SECRET, at)),
      ),
    ).toBe('already_set_up');
    expect((await requestPasswordReset(t.db, member.email, ctx(at)))?.kind).toBe('password_reset');
  });

  it('signs the member in after the password and a new app only, then as usual', async () => {
    const admin = await createStaff(t.db, 'admin');
    const member = await createStaff(t.db, 'liaison_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(t.db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);

    const pending = await pendingSignIn(member, at);
    expect(pending.newAuthenticator).toBe(true);
    expect(pending.session.mfaVerified).toBe(false);
    expect(await mustSetUpNewAuthenticator(t.db, member.id)).toBe(true);
    // The old app's code opens nothing.
    expect(
      await outcome(
        verifySecondFactor(t.db, pending.session, asUser(member), totpAt(member.key, at), ctx(at)),
      ),
    ).toBe('not_set_up');

    const newKey = generateTotpKey();
    expect(
      await outcome(
        enrolNewAuthenticator(
          t.db,
          pending.session,
          asUser(member),
          { key: newKey, code: '000000' },
          ctx(at),
        ),
      ),
    ).toBe('invalid_code');
    const done = await enrolNewAuthenticator(
      t.db,
      pending.session,
      asUser(member),
      { key: newKey, code: totpAt(newKey, at) },
      ctx(at),
    );
    expect(done.session.mfaVerified).toBe(true);
    expect(done.recoveryCodes).toHaveLength(10);
    // The codes wait for this session, sealed: the stored value does not contain them.
    expect(await heldRecoveryCodes(t.db, done.session.id, TEST_SECRET, at)).toEqual(done.recoveryCodes);
    const [reveal] = await t.db.select().from(staffRecoveryCodeReveals);
    for (const code of done.recoveryCodes) expect(reveal?.codesSealed).not.toContain(code);
    expect(await mustSetUpNewAuthenticator(t.db, member.id)).toBe(false);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, member.id), eq(auditLog.action, 'auth.totp_enrolled')))
      .orderBy(auditLog.id);
    expect(audit).toBeDefined();

    // The next sign-in asks for a code from the new app.
    const later = new Date(at.getTime() + 60_000);
    const again = await pendingSignIn({ ...member, key: newKey }, later);
    expect(again.newAuthenticator).toBe(false);
    const full = await verifySecondFactor(
      t.db,
      again.session,
      asUser(member),
      totpAt(newKey, later),
      ctx(later),
    );
    expect(full.session.mfaVerified).toBe(true);
  });

  it('counts wrong codes for the new app against the account, like sign-in', async () => {
    const admin = await createStaff(t.db, 'admin');
    const member = await createStaff(t.db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(t.db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);
    const pending = await pendingSignIn(member, at);
    const key = generateTotpKey();
    const results = await Promise.all(
      Array.from({ length: MFA_LOCKOUT.free + 3 }, () =>
        outcome(
          enrolNewAuthenticator(t.db, pending.session, asUser(member), { key, code: '000000' }, ctx(at)),
        ),
      ),
    );
    expect(results.filter((r) => r === 'invalid_code').length).toBeLessThan(MFA_LOCKOUT.free);
    expect(results.every((r) => ['invalid_code', 'too_many_codes', 'locked'].includes(r))).toBe(true);
    // Locked now: even the right code is refused.
    expect(
      await outcome(
        enrolNewAuthenticator(t.db, pending.session, asUser(member), { key, code: totpAt(key, at) }, ctx(at)),
      ),
    ).toBe('locked');
  });

  it('lets only one of two parallel enrolments through', async () => {
    const admin = await createStaff(t.db, 'admin');
    const member = await createStaff(t.db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(t.db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);
    const pending = await pendingSignIn(member, at);
    const [a, b] = [generateTotpKey(), generateTotpKey()];
    const results = await Promise.all(
      [a, b].map((key) =>
        outcome(
          enrolNewAuthenticator(
            t.db,
            pending.session,
            asUser(member),
            { key, code: totpAt(key, at) },
            ctx(at),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
  });

  it('refuses one’s own and a member with no app', async () => {
    const admin = await createStaff(t.db, 'admin');
    expect(
      await outcome(resetSecondFactor(t.db, admin.id, actor(admin), 'x', TEST_MAIL), { names: true }),
    ).toBe(OwnSecondFactorError.name);
    const member = await createStaff(t.db, 'ward_officer');
    await resetSecondFactor(t.db, member.id, actor(admin), 'Lost phone', TEST_MAIL);
    expect(
      await outcome(resetSecondFactor(t.db, member.id, actor(admin), 'again', TEST_MAIL), { names: true }),
    ).toBe(NoSecondFactorError.name);
  });
});

describe('new recovery codes are held server-side', () => {
  it('for the session that asked, until saved or 15 minutes pass', async () => {
    const s = await createStaff(t.db, 'liaison_officer');
    const at = new Date(Date.now() + 60_000);
    const pending = await pendingSignIn(s, at);
    const full = await verifySecondFactor(t.db, pending.session, asUser(s), totpAt(s.key, at), ctx(at));
    const { recoveryCodes } = await reEnrolTotp(
      t.db,
      asUser(s),
      {
        currentPassword: TEST_PASSWORD,
        currentCode: totpAt(s.key, new Date(at.getTime() + 30_000)),
        newKey: s.key,
        newCode: totpAt(s.key, new Date(at.getTime() + 60_000)),
      },
      { ...ctx(new Date(at.getTime() + 60_000)), keepSessionId: full.session.id },
    );
    expect(await heldRecoveryCodes(t.db, full.session.id, TEST_SECRET, at)).toEqual(recoveryCodes);
    // Another session sees none; nor does anyone after 15 minutes.
    expect(await heldRecoveryCodes(t.db, pending.session.id, TEST_SECRET, at)).toEqual([]);
    const late = new Date(at.getTime() + 60_000 + RECOVERY_CODE_REVEAL_MS + 1);
    expect(await heldRecoveryCodes(t.db, full.session.id, TEST_SECRET, late)).toEqual([]);
    // Saved: gone.
    await forgetHeldRecoveryCodes(t.db, full.session.id);
    expect(await heldRecoveryCodes(t.db, full.session.id, TEST_SECRET, at)).toEqual([]);
  });
});
