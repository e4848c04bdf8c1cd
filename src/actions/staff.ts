// Administrators managing staff accounts.
import { ActionError, defineAction } from 'astro:actions';
import {
  InviteSchema,
  StaffIdSchema,
  StaffStatusSchema,
  UpdateStaffSchema,
} from '../features/auth/auth.schema.ts';
import { inviteStaffMember, resendInvitation } from '../features/auth/invitations.server.ts';
import { UnknownWardError } from '../features/places/places.server.ts';
import {
  endStaffSessions,
  LastAdminError,
  NoSecondFactorError,
  OwnSecondFactorError,
  resetSecondFactor,
  StaffNotFoundError,
  setStaffActive,
  unlockSignIn,
  updateStaffMember,
} from '../features/staff/staff.server.ts';
import { getAppSecret } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';
import { toActionError } from './auth.ts';

function staffError(error: unknown): never {
  if (error instanceof StaffNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'That staff member does not exist' });
  }
  if (error instanceof UnknownWardError) {
    throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose wards from the list' });
  }
  if (error instanceof LastAdminError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'There must always be an active administrator: make someone else an administrator first',
    });
  }
  if (error instanceof OwnSecondFactorError) {
    throw new ActionError({
      code: 'FORBIDDEN',
      message: 'You cannot reset your own authenticator app here: set it up again from your account page',
    });
  }
  if (error instanceof NoSecondFactorError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'This staff member has no authenticator app to reset',
    });
  }
  return toActionError(error);
}

/** Deactivate or reactivate an account: the same glue, the opposite flag. */
function setActiveAction(active: boolean) {
  return defineAction({
    accept: 'form',
    input: StaffStatusSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        await setStaffActive(await getDb(), input.id, active, actorOf(context, admin), input.reason);
        return {
          redirectTo: `/staff/users/${input.id}`,
          done: active ? ('reactivated' as const) : ('deactivated' as const),
        };
      } catch (error) {
        return staffError(error);
      }
    },
  });
}

export const staff = {
  invite: defineAction({
    accept: 'form',
    input: InviteSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        const { staffId } = await inviteStaffMember(await getDb(), input, actorOf(context, admin), {
          secret: getAppSecret(),
        });
        return { redirectTo: `/staff/users/${staffId}`, done: 'invited' as const };
      } catch (error) {
        return staffError(error);
      }
    },
  }),

  update: defineAction({
    accept: 'form',
    input: UpdateStaffSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        await updateStaffMember(
          await getDb(),
          input.id,
          { role: input.role, wardSlugs: input.wards },
          actorOf(context, admin),
        );
        return { redirectTo: `/staff/users/${input.id}`, done: 'updated' as const };
      } catch (error) {
        return staffError(error);
      }
    },
  }),

  resendInvitation: defineAction({
    accept: 'form',
    input: StaffIdSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        await resendInvitation(await getDb(), input.id, actorOf(context, admin), { secret: getAppSecret() });
        return { redirectTo: `/staff/users/${input.id}`, done: 'invitation_resent' as const };
      } catch (error) {
        return staffError(error);
      }
    },
  }),

  deactivate: setActiveAction(false),
  reactivate: setActiveAction(true),

  unlock: defineAction({
    accept: 'form',
    input: StaffStatusSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        const unlocked = await unlockSignIn(
          await getDb(),
          input.id,
          actorOf(context, admin),
          input.reason,
          getAppSecret(),
        );
        return { redirectTo: `/staff/users/${input.id}`, done: 'unlocked' as const, unlocked };
      } catch (error) {
        return staffError(error);
      }
    },
  }),

  /** A lost phone and lost recovery codes: the member sets up a new app at their next sign-in. */
  resetSecondFactor: defineAction({
    accept: 'form',
    input: StaffStatusSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        await resetSecondFactor(
          await getDb(),
          input.id,
          actorOf(context, admin),
          input.reason,
          getAppSecret(),
        );
        return { redirectTo: `/staff/users/${input.id}`, done: 'second_factor_reset' as const };
      } catch (error) {
        return staffError(error);
      }
    },
  }),

  endSessions: defineAction({
    accept: 'form',
    input: StaffStatusSchema,
    handler: async (input, context) => {
      const admin = requireStaff(context.locals, 'staff:manage');
      try {
        const ended = await endStaffSessions(await getDb(), input.id, actorOf(context, admin), input.reason);
        return { redirectTo: `/staff/users/${input.id}`, done: 'sessions_ended' as const, ended };
      } catch (error) {
        return staffError(error);
      }
    },
  }),
};
