// Issue 11, one-time links: a completed reset, a password change and a deactivation revoke
// outstanding links (so reactivating revives none); an administrator resends an invitation; and
// "forgot password" for a member who never finished setting up sends a fresh invitation.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, emailOutbox } from '../../../db/schema/index.ts';
import { changePassword } from '../../../src/features/auth/account.server.ts';
import { AuthError } from '../../../src/features/auth/auth-errors.ts';
import { sendRequestedLinkEmail } from '../../../src/features/auth/auth-mail.server.ts';
import { inviteStaffMember, resendInvitation } from '../../../src/features/auth/invitations.server.ts';
import {
  completePasswordReset,
  findValidToken,
  INVITE_LIMIT,
  requestPasswordReset,
} from '../../../src/features/auth/one-time-links.server.ts';
import { rateLimitKeyFor } from '../../../src/features/secrets/keys.ts';
import { openFromOutbox } from '../../../src/features/secrets/secrets.ts';
import { setStaffActive } from '../../../src/features/staff/staff.server.ts';
import { hitRateLimit } from '../../../src/server/node/rate-limit.ts';
import { test } from '../../helpers/fixtures.ts';
import { createStaff, TEST_MAIL, TEST_PASSWORD, TEST_SECRET, type TestStaff } from '../../helpers/staff.ts';

let clientN = 0;
const ctx = () => ({ ...TEST_MAIL, client: `198.51.100.${++clientN}` });
const adminActor = (admin: TestStaff) => ({
  id: admin.id,
  email: admin.email,
  name: 'Ada Admin',
  client: '192.0.2.1',
});

/** "Forgot password" as the action runs it: the link and its email in one transaction. */
const forgot = (db: Db, email: string) =>
  requestPasswordReset(db, email, ctx(), (tx, link) => sendRequestedLinkEmail(tx, link, TEST_MAIL));

async function expectAuthError(p: Promise<unknown>, code: AuthError['code']): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AuthError && e.code === code);
}

/** The tokens of the messages queued to an address, oldest first, as the worker would open them. */
async function tokensSentTo(db: Db, address: string, kind: string): Promise<string[]> {
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.recipient, address), eq(emailOutbox.kind, kind)))
    .orderBy(emailOutbox.createdAt);
  return rows.map((r) => openFromOutbox(TEST_SECRET, r.sealedSecret as string));
}

async function invitePending(db: Db, admin: TestStaff, email: string): Promise<string> {
  const { staffId } = await inviteStaffMember(
    db,
    { email, name: 'Pending Person', role: 'liaison_officer', wards: [] },
    adminActor(admin),
    { ...TEST_MAIL },
  );
  return staffId;
}

describe('revoking reset links', () => {
  test('completing a reset revokes every other outstanding reset link of that member', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer');
    const first = await forgot(db, s.email);
    const second = await forgot(db, s.email);
    if (!first || !second) throw new Error('no links');
    const holder = await findValidToken(db, TEST_SECRET, second.token, 'password_reset');
    if (!holder) throw new Error('second link not valid');
    expect(await findValidToken(db, TEST_SECRET, first.token, 'password_reset')).not.toBeNull();
    await completePasswordReset(db, holder, 'a fresh password after reset', null, TEST_SECRET);
    expect(await findValidToken(db, TEST_SECRET, first.token, 'password_reset')).toBeNull();
    expect(await findValidToken(db, TEST_SECRET, second.token, 'password_reset')).toBeNull();
  });

  test('a password change revokes outstanding reset links', async ({ db }) => {
    const s = await createStaff(db, 'liaison_officer');
    const link = await forgot(db, s.email);
    if (!link) throw new Error('no link');
    await changePassword(
      db,
      { id: s.id, email: s.email, name: s.name, role: s.role, wards: [] },
      { currentPassword: TEST_PASSWORD, newPassword: 'another long password here' },
      { ...ctx(), userAgent: 'test' },
    );
    expect(await findValidToken(db, TEST_SECRET, link.token, 'password_reset')).toBeNull();
  });

  test('deactivation revokes every link, so reactivating the account revives none', async ({ db, admin }) => {
    const s = await createStaff(db, 'liaison_officer');
    const reset = await forgot(db, s.email);
    const pendingId = await invitePending(db, admin, `pending-deactivated-${Date.now()}@example.org`);
    const [invite] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'staff-invite'))
      .orderBy(sql`${emailOutbox.createdAt} desc`)
      .limit(1);
    if (!reset || !invite) throw new Error('no links');
    const inviteToken = openFromOutbox(TEST_SECRET, invite.sealedSecret as string);
    expect(await findValidToken(db, TEST_SECRET, inviteToken, 'invite')).not.toBeNull();

    for (const id of [s.id, pendingId]) {
      await setStaffActive(db, id, false, adminActor(admin), 'left the team');
      await setStaffActive(db, id, true, adminActor(admin), 'came back');
    }
    expect(await findValidToken(db, TEST_SECRET, reset.token, 'password_reset')).toBeNull();
    expect(await findValidToken(db, TEST_SECRET, inviteToken, 'invite')).toBeNull();
  });
});

describe('resending an invitation', () => {
  test('sends a new link, revokes the old one and records who did it', async ({ db, admin }) => {
    const email = `resend-${Date.now()}@example.org`;
    const staffId = await invitePending(db, admin, email);
    await resendInvitation(db, staffId, adminActor(admin), { ...TEST_MAIL });
    const [oldToken, newToken] = await tokensSentTo(db, email, 'staff-invite');
    if (!oldToken || !newToken) throw new Error('expected two invitations');
    expect(await findValidToken(db, TEST_SECRET, oldToken, 'invite')).toBeNull();
    expect((await findValidToken(db, TEST_SECRET, newToken, 'invite'))?.user.id).toBe(staffId);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'staff.invitation_resent'), eq(auditLog.recordId, staffId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, client: '192.0.2.1' });
  });

  test('is refused for a member who finished setting up, or is deactivated', async ({ db, admin }) => {
    const done = await createStaff(db, 'liaison_officer');
    await expectAuthError(
      resendInvitation(db, done.id, adminActor(admin), { ...TEST_MAIL }),
      'already_set_up',
    );
    const gone = await invitePending(db, admin, `gone-${Date.now()}@example.org`);
    await setStaffActive(db, gone, false, adminActor(admin), 'never started');
    await expectAuthError(resendInvitation(db, gone, adminActor(admin), { ...TEST_MAIL }), 'not_found');
    await expectAuthError(
      resendInvitation(db, crypto.randomUUID(), adminActor(admin), { ...TEST_MAIL }),
      'not_found',
    );
  });

  test('is limited like invitations, per administrator', async ({ db, admin }) => {
    const other = await createStaff(db, 'admin');
    const staffId = await invitePending(db, admin, `limited-${Date.now()}@example.org`);
    for (let i = 0; i < INVITE_LIMIT.limit; i++)
      await hitRateLimit(db, rateLimitKeyFor(TEST_SECRET), INVITE_LIMIT, other.id);
    await expectAuthError(
      resendInvitation(db, staffId, { id: other.id, email: other.email, name: other.name }, { ...TEST_MAIL }),
      'throttled',
    );
  });
});

describe('forgot password', () => {
  test('sends a member who never finished setting up a fresh invitation, revoking the old one', async ({
    db,
    admin,
  }) => {
    const email = `expired-invite-${Date.now()}@example.org`;
    const staffId = await invitePending(db, admin, email);
    const link = await forgot(db, email);
    expect(link).toMatchObject({ kind: 'invite', user: { id: staffId } });
    const [oldToken, newToken] = await tokensSentTo(db, email, 'staff-invite');
    if (!oldToken || !newToken) throw new Error('expected two invitations');
    expect(newToken).toBe(link?.token);
    expect(await findValidToken(db, TEST_SECRET, oldToken, 'invite')).toBeNull();
    expect((await findValidToken(db, TEST_SECRET, newToken, 'invite'))?.user.id).toBe(staffId);
    expect(await tokensSentTo(db, email, 'staff-password-reset')).toEqual([]);
    const [queued] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.recipient, email))
      .orderBy(sql`${emailOutbox.createdAt} desc`);
    expect(queued?.text).toContain('You asked for a new link to set up your account');
  });

  test('still sends a set-up member a reset link, and nothing for an unknown or deactivated address', async ({
    db,
    admin,
  }) => {
    const s = await createStaff(db, 'ward_officer');
    expect(await forgot(db, s.email)).toMatchObject({ kind: 'password_reset' });
    expect(await forgot(db, `nobody-${Date.now()}@example.org`)).toBeNull();
    await setStaffActive(db, s.id, false, adminActor(admin), 'left');
    expect(await forgot(db, s.email)).toBeNull();
  });
});
