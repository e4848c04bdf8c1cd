// Administering staff accounts: the list, role and ward changes, deactivation and ending sessions.
import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  staffRecoveryCodes,
  staffSessions,
  staffUsers,
  staffWardAssignments,
  wards,
} from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { type MailContext, sendAccountSecurityEmail } from '../auth/auth-mail.server.ts';
import { finishedSetUp } from '../auth/credentials.server.ts';
import { revokeDeviceCookies } from '../auth/device-cookies.server.ts';
import { clearThrottles } from '../auth/login-throttles.server.ts';
import { revokeStaffLinks } from '../auth/one-time-links.server.ts';
import type { Role } from '../auth/permissions.ts';
import { invalidateUserSessions } from '../auth/session.server.ts';
import { wardIdsForSlugs } from '../places/places.server.ts';

export interface StaffSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  setUp: boolean;
  /** An administrator reset the second factor: a new authenticator app is set up at next sign-in. */
  newAuthenticatorDue: boolean;
  lastLoginAt: Date | null;
  activeSessions: number;
  wards: { slug: string; name: string }[];
}

export type StaffErrorCode = 'not_found' | 'last_admin' | 'own_second_factor' | 'no_second_factor';

export class StaffNotFoundError extends DomainError<'staff', StaffErrorCode> {
  constructor() {
    super('staff', 'not_found', {}, 'No such staff member');
    this.name = 'StaffNotFoundError';
  }
}

export class LastAdminError extends DomainError<'staff', StaffErrorCode> {
  constructor() {
    super('staff', 'last_admin', {}, 'There must always be one active administrator');
    this.name = 'LastAdminError';
  }
}

export async function listStaff(db: Db, now = new Date()): Promise<StaffSummary[]> {
  const users = await db.select().from(staffUsers).orderBy(asc(staffUsers.name));
  const sessions = await db
    .select({ staffId: staffSessions.staffId, n: count() })
    .from(staffSessions)
    .where(and(eq(staffSessions.mfaVerified, true), gt(staffSessions.expiresAt, now)))
    .groupBy(staffSessions.staffId);
  const assignments = await db
    .select({ staffId: staffWardAssignments.staffId, slug: wards.slug, name: wards.name })
    .from(staffWardAssignments)
    .innerJoin(wards, eq(wards.id, staffWardAssignments.wardId))
    .orderBy(asc(wards.name));
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    setUp: finishedSetUp(u),
    newAuthenticatorDue: u.totpKeyEncrypted === null && u.secondFactorResetAt !== null,
    lastLoginAt: u.lastLoginAt,
    activeSessions: Number(sessions.find((s) => s.staffId === u.id)?.n ?? 0),
    wards: assignments.filter((a) => a.staffId === u.id).map(({ slug, name }) => ({ slug, name })),
  }));
}

export async function getStaffMember(db: Db, id: string): Promise<StaffSummary | null> {
  return (await listStaff(db)).find((s) => s.id === id) ?? null;
}

// What staff see of one another, audited: names, addresses and sign-in times are personal data.

/** The list of staff accounts; the view is recorded in the same transaction. */
export async function viewStaffList(db: Db, actor: Actor): Promise<StaffSummary[]> {
  return db.transaction(async (tx) => {
    const staff = await listStaff(tx);
    await writeAuditBy(tx, actor, {
      action: 'staff.view_list',
      recordType: 'staff_list',
      details: { shown: staff.length },
    });
    return staff;
  });
}

/** One staff member's account, audited; null (nothing recorded) when there is none. */
export async function viewStaffMember(db: Db, actor: Actor, id: string): Promise<StaffSummary | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return db.transaction(async (tx) => {
    const member = await getStaffMember(tx, id);
    if (member)
      await writeAuditBy(tx, actor, { action: 'staff.view', recordType: 'staff_user', recordId: id });
    return member;
  });
}

/**
 * Refuses a change that would leave no administrator able to sign in: one other than `id` who is
 * active and has a password and a second factor. The admins' rows are locked (in id order, so two
 * such changes cannot deadlock) until the transaction ends: two admins demoting each other at once
 * are serialised, and the second sees the first's change.
 */
async function assertAnotherAdmin(tx: Db, id: string): Promise<void> {
  const admins = await tx
    .select({ id: staffUsers.id, password: staffUsers.passwordHash, totp: staffUsers.totpKeyEncrypted })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), eq(staffUsers.active, true)))
    .orderBy(asc(staffUsers.id))
    .for('update');
  if (!admins.some((a) => a.id !== id && a.password && a.totp)) throw new LastAdminError();
}

/** Changes a member's role and ward assignments. */
export async function updateStaffMember(
  db: Db,
  id: string,
  input: { role: Role; wardSlugs: string[] },
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id));
    if (!user) throw new StaffNotFoundError();
    if (user.role === 'admin' && input.role !== 'admin') await assertAnotherAdmin(tx, id);
    await tx.update(staffUsers).set({ role: input.role, updatedAt: new Date() }).where(eq(staffUsers.id, id));
    await tx.delete(staffWardAssignments).where(eq(staffWardAssignments.staffId, id));
    if (input.role === 'ward_officer' && input.wardSlugs.length > 0) {
      const ids = await wardIdsForSlugs(tx, input.wardSlugs);
      await tx.insert(staffWardAssignments).values(ids.map((wardId) => ({ staffId: id, wardId })));
    }
    await writeAuditBy(tx, actor, {
      action: 'staff.update',
      recordType: 'staff_user',
      recordId: id,
      details: {
        role: input.role,
        wards: input.role === 'ward_officer' ? [...new Set(input.wardSlugs)] : [],
      },
    });
  });
}

/**
 * Deactivating ends every session and revokes every outstanding invitation or reset link at once, so
 * reactivating lets the member sign in again but revives no old link.
 */
export async function setStaffActive(
  db: Db,
  id: string,
  active: boolean,
  actor: Actor,
  reason: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id));
    if (!user) throw new StaffNotFoundError();
    if (!active && user.role === 'admin') await assertAnotherAdmin(tx, id);
    await tx.update(staffUsers).set({ active, updatedAt: new Date() }).where(eq(staffUsers.id, id));
    if (!active) {
      await invalidateUserSessions(tx, id);
      await revokeStaffLinks(tx, id, 'all');
      await revokeDeviceCookies(tx, id);
    }
    await writeAuditBy(tx, actor, {
      action: active ? 'staff.reactivate' : 'staff.deactivate',
      recordType: 'staff_user',
      recordId: id,
      reason,
    });
  });
}

/** An administrator ends all of a member's sessions (a lost laptop, a shared screen). */
export async function endStaffSessions(db: Db, id: string, actor: Actor, reason: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id));
    if (!user) throw new StaffNotFoundError();
    const ended = await invalidateUserSessions(tx, id);
    await revokeDeviceCookies(tx, id);
    await writeAuditBy(tx, actor, {
      action: 'staff.end_sessions',
      recordType: 'staff_user',
      recordId: id,
      reason,
      details: { ended },
    });
    return ended;
  });
}

export class OwnSecondFactorError extends DomainError<'staff', StaffErrorCode> {
  constructor() {
    super(
      'staff',
      'own_second_factor',
      {},
      'Administrators change their own authenticator app from their account page',
    );
    this.name = 'OwnSecondFactorError';
  }
}

export class NoSecondFactorError extends DomainError<'staff', StaffErrorCode> {
  constructor() {
    super('staff', 'no_second_factor', {}, 'This member has no authenticator app to reset');
    this.name = 'NoSecondFactorError';
  }
}

/**
 * An administrator resets a member's second factor (a lost phone and lost recovery codes): the
 * authenticator key and every recovery code are deleted, every session ends, lockouts of the second
 * factor are forgotten, and the member is told by email. At their next sign-in, after the password,
 * they set up a new authenticator app. Never one's own (the account page does that, with a code).
 */
export async function resetSecondFactor(
  db: Db,
  id: string,
  actor: Actor,
  reason: string,
  ctx: MailContext,
  now = new Date(),
): Promise<{ sessionsEnded: number }> {
  if (actor.id === id) throw new OwnSecondFactorError();
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ role: staffUsers.role }).from(staffUsers).where(eq(staffUsers.id, id));
    if (!target) throw new StaffNotFoundError();
    // An administrator's reset must leave another administrator able to sign in. The admins' rows
    // are locked first, in id order, as every change of an administrator locks them.
    if (target.role === 'admin') await assertAnotherAdmin(tx, id);
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update');
    if (!user) throw new StaffNotFoundError();
    if (!user.active || !user.passwordHash || !user.totpKeyEncrypted) throw new NoSecondFactorError();
    await tx
      .update(staffUsers)
      .set({
        totpKeyEncrypted: null,
        totpEnrolledAt: null,
        totpLastCounter: null,
        secondFactorResetAt: now,
        updatedAt: now,
      })
      .where(eq(staffUsers.id, id));
    const codes = await tx
      .delete(staffRecoveryCodes)
      .where(eq(staffRecoveryCodes.staffId, id))
      .returning({ id: staffRecoveryCodes.id });
    const sessionsEnded = await invalidateUserSessions(tx, id);
    await revokeDeviceCookies(tx, id, now);
    await clearThrottles(tx, ctx.secret, user.email, now);
    await writeAuditBy(tx, actor, {
      action: 'staff.reset_second_factor',
      recordType: 'staff_user',
      recordId: id,
      reason,
      details: { sessionsEnded, recoveryCodesDeleted: codes.length },
    });
    await sendAccountSecurityEmail(tx, user, 'second_factor_reset', ctx.baseUrl);
    return { sessionsEnded };
  });
}

/**
 * An administrator lets a member sign in again at once: every lockout on their address (from any
 * client, and of the second factor) is forgotten. Returns how many were in force.
 */
export async function unlockSignIn(
  db: Db,
  id: string,
  actor: Actor,
  reason: string,
  secret: Uint8Array,
  now = new Date(),
): Promise<number> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ email: staffUsers.email }).from(staffUsers).where(eq(staffUsers.id, id));
    if (!user) throw new StaffNotFoundError();
    const unlocked = await clearThrottles(tx, secret, user.email, now);
    await writeAuditBy(tx, actor, {
      action: 'staff.unlock',
      recordType: 'staff_user',
      recordId: id,
      reason,
      details: { unlocked },
    });
    return unlocked;
  });
}
