// The signed-in staff member's own account: password, authenticator, sessions.
import { ActionError, defineAction } from 'astro:actions';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { changePassword, endOwnSession, reEnrolTotp } from '../features/auth/account.server.ts';
import {
  ChangePasswordSchema,
  EndSessionSchema,
  NextSchema,
  ReEnrolTotpSchema,
} from '../features/auth/auth.schema.ts';
import { forgetHeldRecoveryCodes } from '../features/auth/credentials.server.ts';
import { getAppSecret } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { clientOf, requireStaff, safeNext, setSessionCookie, userAgentOf } from '../web/staff-auth.ts';
import { toActionError } from './auth.ts';

export const account = {
  changePassword: defineAction({
    accept: 'form',
    input: ChangePasswordSchema,
    handler: async (input, context) => {
      const user = requireStaff(context.locals, 'account:manage');
      try {
        const { token, session } = await changePassword(
          await getDb(),
          user,
          { currentPassword: input.currentPassword, newPassword: input.password },
          { secret: getAppSecret(), client: clientOf(context), userAgent: userAgentOf(context) },
        );
        setSessionCookie(context, token, session.expiresAt);
      } catch (error) {
        toActionError(error);
      }
      return { done: 'password_changed' as const };
    },
  }),

  reEnrolTotp: defineAction({
    accept: 'form',
    input: ReEnrolTotpSchema,
    handler: async (input, context) => {
      const user = requireStaff(context.locals, 'account:manage');
      try {
        await reEnrolTotp(
          await getDb(),
          user,
          {
            currentPassword: input.currentPassword,
            currentCode: input.currentCode,
            newKey: decodeBase32IgnorePadding(input.key),
            newCode: input.code,
          },
          {
            secret: getAppSecret(),
            client: clientOf(context),
            keepSessionId: context.locals.staff?.session.id,
          },
        );
        // The new recovery codes wait, sealed, for this session's next page: never in a cookie.
        return { redirectTo: '/staff/account/recovery-codes' };
      } catch (error) {
        return toActionError(error);
      }
    },
  }),

  /** The member has saved their new recovery codes: stop showing them. */
  recoveryCodesSaved: defineAction({
    accept: 'form',
    input: NextSchema,
    handler: async (input, context) => {
      requireStaff(context.locals, 'account:manage');
      const session = context.locals.staff?.session;
      if (session) await forgetHeldRecoveryCodes(await getDb(), session.id);
      return { redirectTo: safeNext(input.next) };
    },
  }),

  endSession: defineAction({
    accept: 'form',
    input: EndSessionSchema,
    handler: async (input, context) => {
      const user = requireStaff(context.locals, 'account:manage');
      const ended = await endOwnSession(await getDb(), user, input.sessionId, clientOf(context));
      if (!ended) throw new ActionError({ code: 'NOT_FOUND', message: 'That session has already ended' });
      return { redirectTo: '/staff/account', done: 'session_ended' as const };
    },
  }),
};
