// An administrator resets a member's lost authenticator app: the key and recovery codes go, every
// session ends, the member is told; their next sign-in sets up a new app after the password.
// New recovery codes wait server-side, sealed, for the session that was given them.
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
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

let clientN = 0;
const ctx = (now: Date) => ({ ...TEST_MAIL, client: `10.3.0.${++clientN}`, userAgent: 'test', now });
const actor = (s: TestStaff) => actorOf(s, '10.3.9.9');

async function pendingSignIn(db: Db, s: TestStaff, at: Date) {
  const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
  const v = await validateSessionToken(db, p.token, at);
  if (!v.session) throw new Error('no pending session');
  return { ...p, session: v.session };
}

describe('an administrator resets a member’s second factor', () => {
  test('removes the key and codes, ends sessions, audits with the reason and tells the member', async ({
    db,
  }) => {
    const admin = await createStaff(db, 'admin');
    const member = await createStaff(db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    const { sessionsEnded } = await resetSecondFactor(
      db,
      member.id,
      actor(admin),
      'Lost phone',
      TEST_MAIL,
      at,
    );
    expect(sessionsEnded).toBe(1);

    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, member.id));
    expect(row?.totpKeyEncrypted).toBeNull();
    expect(row?.secondFactorResetAt).toEqual(at);
    expect(
      await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, member.id)),
    ).toEqual([]);
    expect(await db.select().from(staffSessions).where(eq(staffSessions.staffId, member.id))).toEqual([]);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.recordId, member.id), eq(auditLog.action, 'staff.reset_second_factor')));
    expect(audit).toMatchObject({ actorId: admin.id, reason: 'Lost phone' });
    const mails = await db
      .select({ subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.recipient, member.email), eq(emailOutbox.kind, ACCOUNT_SECURITY_KIND)));
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('reset by an administrator')]);

    // Still counts as set up: no invitation to resend; "forgot password" sends a reset link.
    expect(await getStaffMember(db, member.id)).toMatchObject({ setUp: true, newAuthenticatorDue: true });
    expect(
      await outcome(db.transaction((tx) => reissueInvitation(tx, member.id, actor(admin), TEST_SECRET, at))),
    ).toBe('already_set_up');
    expect((await requestPasswordReset(db, member.email, ctx(at)))?.kind).toBe('password_reset');
  });

  test('signs the member in after the password and a new app only, then as usual', async ({ db }) => {
    const admin = await createStaff(db, 'admin');
    const member = await createStaff(db, 'liaison_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);

    const pending = await pendingSignIn(db, member, at);
    expect(pending.newAuthenticator).toBe(true);
    expect(pending.session.mfaVerified).toBe(false);
    expect(await mustSetUpNewAuthenticator(db, member.id)).toBe(true);
    // The old app's code opens nothing.
    expect(
      await outcome(verifySecondFactor(db, pending.session, asUser(member), totpAt(member.key, at), ctx(at))),
    ).toBe('not_set_up');

    const newKey = generateTotpKey();
    expect(
      await outcome(
        enrolNewAuthenticator(db, pending.session, asUser(member), { key: newKey, code: '000000' }, ctx(at)),
      ),
    ).toBe('invalid_code');
    const done = await enrolNewAuthenticator(
      db,
      pending.session,
      asUser(member),
      { key: newKey, code: totpAt(newKey, at) },
      ctx(at),
    );
    expect(done.session.mfaVerified).toBe(true);
    expect(done.recoveryCodes).toHaveLength(10);
    // The codes wait for this session, sealed: the stored value does not contain them.
    expect(await heldRecoveryCodes(db, done.session.id, TEST_SECRET, at)).toEqual(done.recoveryCodes);
    const [reveal] = await db.select().from(staffRecoveryCodeReveals);
    for (const code of done.recoveryCodes) expect(reveal?.codesSealed).not.toContain(code);
    expect(await mustSetUpNewAuthenticator(db, member.id)).toBe(false);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, member.id), eq(auditLog.action, 'auth.totp_enrolled')))
      .orderBy(auditLog.id);
    expect(audit).toBeDefined();

    // The next sign-in asks for a code from the new app.
    const later = new Date(at.getTime() + 60_000);
    const again = await pendingSignIn(db, { ...member, key: newKey }, later);
    expect(again.newAuthenticator).toBe(false);
    const full = await verifySecondFactor(
      db,
      again.session,
      asUser(member),
      totpAt(newKey, later),
      ctx(later),
    );
    expect(full.session.mfaVerified).toBe(true);
  });

  test('counts wrong codes for the new app against the account, like sign-in', async ({ db }) => {
    const admin = await createStaff(db, 'admin');
    const member = await createStaff(db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);
    const pending = await pendingSignIn(db, member, at);
    const key = generateTotpKey();
    const results = await Promise.all(
      Array.from({ length: MFA_LOCKOUT.free + 3 }, () =>
        outcome(enrolNewAuthenticator(db, pending.session, asUser(member), { key, code: '000000' }, ctx(at))),
      ),
    );
    expect(results.filter((r) => r === 'invalid_code').length).toBeLessThan(MFA_LOCKOUT.free);
    expect(results.every((r) => ['invalid_code', 'too_many_codes', 'locked'].includes(r))).toBe(true);
    // Locked now: even the right code is refused.
    expect(
      await outcome(
        enrolNewAuthenticator(db, pending.session, asUser(member), { key, code: totpAt(key, at) }, ctx(at)),
      ),
    ).toBe('locked');
  });

  test('lets only one of two parallel enrolments through', async ({ db }) => {
    const admin = await createStaff(db, 'admin');
    const member = await createStaff(db, 'ward_officer');
    const at = new Date(Date.now() + 60_000);
    await resetSecondFactor(db, member.id, actor(admin), 'Lost phone', TEST_MAIL, at);
    const pending = await pendingSignIn(db, member, at);
    const [a, b] = [generateTotpKey(), generateTotpKey()];
    const results = await Promise.all(
      [a, b].map((key) =>
        outcome(
          enrolNewAuthenticator(db, pending.session, asUser(member), { key, code: totpAt(key, at) }, ctx(at)),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
  });

  test('refuses one’s own and a member with no app', async ({ db }) => {
    const admin = await createStaff(db, 'admin');
    expect(
      await outcome(resetSecondFactor(db, admin.id, actor(admin), 'x', TEST_MAIL), { names: true }),
    ).toBe(OwnSecondFactorError.name);
    const member = await createStaff(db, 'ward_officer');
    await resetSecondFactor(db, member.id, actor(admin), 'Lost phone', TEST_MAIL);
    expect(
      await outcome(resetSecondFactor(db, member.id, actor(admin), 'again', TEST_MAIL), { names: true }),
    ).toBe(NoSecondFactorError.name);
  });
});

describe('new recovery codes are held server-side', () => {
  test('for the session that asked, until saved or 15 minutes pass', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer');
    const at = new Date(Date.now() + 60_000);
    const pending = await pendingSignIn(db, s, at);
    const full = await verifySecondFactor(db, pending.session, asUser(s), totpAt(s.key, at), ctx(at));
    const { recoveryCodes } = await reEnrolTotp(
      db,
      asUser(s),
      {
        currentPassword: TEST_PASSWORD,
        currentCode: totpAt(s.key, new Date(at.getTime() + 30_000)),
        newKey: s.key,
        newCode: totpAt(s.key, new Date(at.getTime() + 60_000)),
      },
      { ...ctx(new Date(at.getTime() + 60_000)), keepSessionId: full.session.id },
    );
    expect(await heldRecoveryCodes(db, full.session.id, TEST_SECRET, at)).toEqual(recoveryCodes);
    // Another session sees none; nor does anyone after 15 minutes.
    expect(await heldRecoveryCodes(db, pending.session.id, TEST_SECRET, at)).toEqual([]);
    const late = new Date(at.getTime() + 60_000 + RECOVERY_CODE_REVEAL_MS + 1);
    expect(await heldRecoveryCodes(db, full.session.id, TEST_SECRET, late)).toEqual([]);
    // Saved: gone.
    await forgetHeldRecoveryCodes(db, full.session.id);
    expect(await heldRecoveryCodes(db, full.session.id, TEST_SECRET, at)).toEqual([]);
  });
});
