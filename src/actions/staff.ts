// Administrators managing staff accounts.
import {
  InviteSchema,
  StaffIdSchema,
  StaffStatusSchema,
  UpdateStaffSchema,
} from '../features/auth/auth.schema.ts';
import { inviteStaffMember, resendInvitation } from '../features/auth/invitations.server.ts';
import {
  endStaffSessions,
  resetSecondFactor,
  setStaffActive,
  unlockSignIn,
  updateStaffMember,
} from '../features/staff/staff.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { getAppSecret, mailContext } from '../server/astro/config.ts';

const memberPage = (id: string) => `/staff/users/${id}`;

/** Deactivate or reactivate an account: the same glue, the opposite flag. */
function setActiveAction(active: boolean) {
  return staffAction({
    permission: 'staff:manage',
    input: StaffStatusSchema,
    handler: async ({ id, reason }, { db, actor }) => {
      await setStaffActive(db, id, active, actor, reason);
      return {
        redirectTo: memberPage(id),
        done: active ? ('reactivated' as const) : ('deactivated' as const),
      };
    },
  });
}

export const staff = {
  invite: staffAction({
    permission: 'staff:manage',
    input: InviteSchema,
    handler: async (input, { db, actor }) => {
      const { staffId } = await inviteStaffMember(db, input, actor, mailContext());
      return { redirectTo: memberPage(staffId), done: 'invited' as const };
    },
  }),

  update: staffAction({
    permission: 'staff:manage',
    input: UpdateStaffSchema,
    handler: async ({ id, role, wards }, { db, actor }) => {
      await updateStaffMember(db, id, { role, wardSlugs: wards }, actor);
      return { redirectTo: memberPage(id), done: 'updated' as const };
    },
  }),

  resendInvitation: staffAction({
    permission: 'staff:manage',
    input: StaffIdSchema,
    handler: async ({ id }, { db, actor }) => {
      await resendInvitation(db, id, actor, mailContext());
      return { redirectTo: memberPage(id), done: 'invitation_resent' as const };
    },
  }),

  deactivate: setActiveAction(false),
  reactivate: setActiveAction(true),

  unlock: staffAction({
    permission: 'staff:manage',
    input: StaffStatusSchema,
    handler: async ({ id, reason }, { db, actor }) => {
      const unlocked = await unlockSignIn(db, id, actor, reason, getAppSecret());
      return { redirectTo: memberPage(id), done: 'unlocked' as const, unlocked };
    },
  }),

  /** A lost phone and lost recovery codes: the member sets up a new app at their next sign-in. */
  resetSecondFactor: staffAction({
    permission: 'staff:manage',
    input: StaffStatusSchema,
    handler: async ({ id, reason }, { db, actor }) => {
      await resetSecondFactor(db, id, actor, reason, mailContext());
      return { redirectTo: memberPage(id), done: 'second_factor_reset' as const };
    },
  }),

  endSessions: staffAction({
    permission: 'staff:manage',
    input: StaffStatusSchema,
    handler: async ({ id, reason }, { db, actor }) => {
      const ended = await endStaffSessions(db, id, actor, reason);
      return { redirectTo: memberPage(id), done: 'sessions_ended' as const, ended };
    },
  }),
};
