// The signed-in staff member's own account: password, authenticator, sessions.
import { ActionError } from 'astro:actions';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { changePassword, endOwnSession, reEnrolTotp } from '../features/auth/account.server.ts';
import {
  ChangePasswordSchema,
  EndSessionSchema,
  NextSchema,
  ReEnrolTotpSchema,
} from '../features/auth/auth.schema.ts';
import { forgetHeldRecoveryCodes } from '../features/auth/credentials.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { mailContext } from '../server/astro/config.ts';
import {
  clientOf,
  safeNext,
  setDeviceCookie,
  setSessionCookie,
  userAgentOf,
} from '../server/astro/staff-auth.ts';

export const account = {
  changePassword: staffAction({
    permission: 'account:manage',
    input: ChangePasswordSchema,
    handler: async (input, { db, user, context }) => {
      const { token, session, device } = await changePassword(
        db,
        user,
        { currentPassword: input.currentPassword, newPassword: input.password },
        { ...mailContext(), client: clientOf(context), userAgent: userAgentOf(context) },
      );
      setSessionCookie(context, token, session.expiresAt);
      setDeviceCookie(context, device.token, device.expiresAt);
      return { done: 'password_changed' as const };
    },
  }),

  reEnrolTotp: staffAction({
    permission: 'account:manage',
    input: ReEnrolTotpSchema,
    handler: async (input, { db, user, context }) => {
      await reEnrolTotp(
        db,
        user,
        {
          currentPassword: input.currentPassword,
          currentCode: input.currentCode,
          newKey: decodeBase32IgnorePadding(input.key),
          newCode: input.code,
        },
        {
          ...mailContext(),
          client: clientOf(context),
          keepSessionId: context.locals.staff?.session.id,
        },
      );
      // The new recovery codes wait, sealed, for this session's next page: never in a cookie.
      return { redirectTo: '/staff/account/recovery-codes' };
    },
  }),

  /** The member has saved their new recovery codes: stop showing them. */
  recoveryCodesSaved: staffAction({
    permission: 'account:manage',
    input: NextSchema,
    handler: async ({ next }, { db, context }) => {
      const session = context.locals.staff?.session;
      if (session) await forgetHeldRecoveryCodes(db, session.id);
      return { redirectTo: safeNext(next) };
    },
  }),

  endSession: staffAction({
    permission: 'account:manage',
    input: EndSessionSchema,
    handler: async ({ sessionId }, { db, user, context }) => {
      const ended = await endOwnSession(db, user, sessionId, clientOf(context));
      if (!ended) throw new ActionError({ code: 'NOT_FOUND', message: 'That session has already ended' });
      return { redirectTo: '/staff/account', done: 'session_ended' as const };
    },
  }),
};
