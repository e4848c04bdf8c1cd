// Changing one's own password or authenticator: limited, audited and claimed like sign-in; ending the
// other sessions and telling the member by email, as a sign-in with a recovery code also does.
import { and, eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, emailOutbox } from '../../../db/schema/index.ts';
import { changePassword, reEnrolTotp } from '../../../src/features/auth/account.server.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { REAUTH_LOCKOUT } from '../../../src/features/auth/session.ts';
import {
  signInWithPassword,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../../../src/features/auth/sign-in.server.ts';
import { generateTotpKey } from '../../../src/features/auth/totp.ts';
import { ACCOUNT_SECURITY_KIND } from '../../../src/features/email/messages/account-security.ts';
import { test } from '../../helpers/fixtures.ts';
import {
  asUser,
  createStaff,
  outcome,
  TEST_MAIL,
  TEST_PASSWORD,
  type TestStaff,
  totpAt,
} from '../../helpers/staff.ts';

let clientN = 0;
const ctx = (now: Date) => ({ ...TEST_MAIL, client: `10.2.0.${++clientN}`, userAgent: 'test', now });

async function mails(db: Db, email: string): Promise<string[]> {
  const rows = await db
    .select({ subject: emailOutbox.subject })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.recipient, email), eq(emailOutbox.kind, ACCOUNT_SECURITY_KIND)));
  return rows.map((r) => r.subject);
}

async function audits(db: Db, id: string, action: string): Promise<number> {
  return (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, id), eq(auditLog.action, action)))
  ).length;
}

async function signIn(db: Db, s: TestStaff, at: Date): Promise<string> {
  const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
  const v = await validateSessionToken(db, p.token, at);
  if (!v.session) throw new Error('no pending session');
  return (await verifySecondFactor(db, v.session, asUser(s), totpAt(s.key, at), ctx(at))).token;
}

describe('re-enrolling the authenticator', () => {
  test('claims the current code, so it cannot then sign anyone in', async ({ db }) => {
    const s = await createStaff(db, 'admin');
    const at = new Date(Date.now() + 60_000);
    const code = totpAt(s.key, at);
    const newKey = generateTotpKey();
    // The re-enrolment fails on the new code, after the current code was checked and claimed.
    expect(
      await outcome(
        reEnrolTotp(
          db,
          asUser(s),
          { currentPassword: TEST_PASSWORD, currentCode: code, newKey, newCode: '000000' },
          ctx(at),
        ),
      ),
    ).toBe('invalid_code');
    const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
    const v = await validateSessionToken(db, p.token, at);
    if (!v.session) throw new Error('no pending session');
    expect(await outcome(verifySecondFactor(db, v.session, asUser(s), code, ctx(at)))).toBe('invalid_code');
  });

  test('limits and audits wrong passwords and codes', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer');
    const at = new Date();
    const newKey = generateTotpKey();
    for (let i = 0; i < REAUTH_LOCKOUT.free; i++) {
      const wrongCode = i % 2 === 1;
      expect(
        await outcome(
          reEnrolTotp(
            db,
            asUser(s),
            {
              currentPassword: wrongCode ? TEST_PASSWORD : 'wrong password here',
              currentCode: wrongCode ? '000000' : totpAt(s.key, at),
              newKey,
              newCode: totpAt(newKey, at),
            },
            ctx(at),
          ),
        ),
      ).toBe(wrongCode ? 'invalid_code' : 'wrong_password');
    }
    expect(
      await outcome(
        changePassword(
          db,
          asUser(s),
          { currentPassword: TEST_PASSWORD, newPassword: 'a new long password!' },
          ctx(at),
        ),
      ),
    ).toBe('locked');
    expect(await audits(db, s.id, 'auth.reauth_failed')).toBe(REAUTH_LOCKOUT.free);
  });

  test('ends the other sessions, keeps this one, and tells the member', async ({ db }) => {
    const s = await createStaff(db, 'admin');
    const at = new Date(Date.now() + 120_000);
    const other = await signIn(db, s, at);
    const here = await validateSessionToken(db, s.token, at);
    const later = new Date(at.getTime() + 30_000);
    const newKey = generateTotpKey();
    await reEnrolTotp(
      db,
      asUser(s),
      {
        currentPassword: TEST_PASSWORD,
        currentCode: totpAt(s.key, later),
        newKey,
        newCode: totpAt(newKey, later),
      },
      { ...ctx(later), keepSessionId: here.session?.id },
    );
    expect((await validateSessionToken(db, other, later)).session).toBeNull();
    expect((await validateSessionToken(db, s.token, later)).session).not.toBeNull();
    expect(await mails(db, s.email)).toEqual([expect.stringContaining('authenticator app was changed')]);
  });
});

describe('changing the password', () => {
  test('tells the member by email', async ({ db }) => {
    const s = await createStaff(db, 'ward_officer');
    await changePassword(
      db,
      asUser(s),
      { currentPassword: TEST_PASSWORD, newPassword: 'another long password' },
      ctx(new Date()),
    );
    expect(await mails(db, s.email)).toEqual([expect.stringContaining('password was changed')]);
    expect(await audits(db, s.id, 'auth.password_changed')).toBe(1);
  });
});

describe('signing in with a recovery code', () => {
  test('ends every other session and tells the member', async ({ db }) => {
    const s = await createStaff(db, 'admin');
    const at = new Date(Date.now() + 180_000);
    const p = await signInWithPassword(db, { email: s.email, password: TEST_PASSWORD }, ctx(at));
    const v = await validateSessionToken(db, p.token, at);
    if (!v.session) throw new Error('no pending session');
    const full = await verifyRecoveryCode(db, v.session, asUser(s), s.recoveryCodes[0] ?? '', ctx(at));
    expect((await validateSessionToken(db, s.token, at)).session).toBeNull();
    expect((await validateSessionToken(db, full.token, at)).session).not.toBeNull();
    expect(await mails(db, s.email)).toEqual([expect.stringContaining('recovery code was used')]);
  });
});
