// Sign-in, sign-out, invitation set-up and password reset. Glue only: parse, call, map errors.
import { ActionError, defineAction } from 'astro:actions';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Db } from '../../db/client.ts';
import {
  CodeSchema,
  EnrolTotpSchema,
  ForgotPasswordSchema,
  LoginSchema,
  NewPasswordSchema,
  RecoveryCodeSchema,
} from '../features/auth/auth.schema.ts';
import { AuthError } from '../features/auth/auth-errors.ts';
import { sendRequestedLinkEmail } from '../features/auth/auth-mail.server.ts';
import {
  completeInvitation,
  completePasswordReset,
  findValidToken,
  limitLinkUse,
  requestPasswordReset,
  setInitialPassword,
  type TokenHolder,
} from '../features/auth/one-time-links.server.ts';
import {
  enrolNewAuthenticator,
  signInWithPassword,
  signOut,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../features/auth/sign-in.server.ts';
import { waitInMinutes } from '../lib/format.ts';
import { getAppSecret } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { clientOf, deleteSessionCookie, safeNext, setSessionCookie, userAgentOf } from '../web/staff-auth.ts';
import { RESET_COOKIE, SETUP_COOKIE } from '../web/token-cookies.ts';

type Ctx = Parameters<Parameters<typeof defineAction>[0]['handler']>[1];

function authContext(context: Ctx) {
  return { secret: getAppSecret(), client: clientOf(context), userAgent: userAgentOf(context) };
}

/** Domain errors to the messages people see. Unknown errors propagate (and become a 500). */
export function toActionError(error: unknown): never {
  if (!(error instanceof AuthError)) throw error;
  switch (error.code) {
    case 'invalid_credentials':
      throw new ActionError({ code: 'UNAUTHORIZED', message: 'Enter a correct email address and password' });
    case 'locked':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many failed attempts to sign in with this email address. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'throttled':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many attempts from this device. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'not_set_up':
      throw new ActionError({
        code: 'FORBIDDEN',
        message: 'Your account is not set up yet: follow the link in your invitation email',
      });
    case 'invalid_code':
      throw new ActionError({
        code: 'UNAUTHORIZED',
        message: 'The code is not correct or has already been used',
      });
    case 'too_many_codes':
      throw new ActionError({
        code: 'UNAUTHORIZED',
        message: 'Too many incorrect codes. Sign in again with your email address and password.',
      });
    case 'invalid_link':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message:
          'This link has expired or has already been used. To get a new one, choose “I have forgotten my password” on the sign-in page.',
      });
    case 'wrong_password':
      throw new ActionError({ code: 'UNAUTHORIZED', message: 'Your current password is not correct' });
    case 'email_taken':
      throw new ActionError({
        code: 'CONFLICT',
        message:
          'There is already a staff account with this email address. If they never finished setting it up, resend their invitation from their page.',
      });
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: 'There is no active staff member with this id' });
    case 'already_set_up':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This staff member has already set up their account: there is no invitation to resend',
      });
  }
}

function requirePending(context: Ctx) {
  const staff = context.locals.staff;
  if (!staff || staff.session.mfaVerified) {
    throw new ActionError({
      code: 'UNAUTHORIZED',
      message: 'Sign in with your email address and password first',
    });
  }
  return staff;
}

/** Who the one-time link held in `cookie` belongs to; refuses when over the limit or invalid. */
async function linkHolder(
  db: Db,
  context: Ctx,
  cookie: string,
  purpose: 'invite' | 'password_reset',
): Promise<TokenHolder> {
  await limitLinkUse(db, authContext(context)).catch(toActionError);
  const holder = await findValidToken(db, getAppSecret(), context.cookies.get(cookie)?.value ?? '', purpose);
  return holder ?? toActionError(new AuthError('invalid_link'));
}

type Pending = NonNullable<Ctx['locals']['staff']>;

/**
 * Step 2 of sign-in (a code, a recovery code, or a new app after a reset): the pending sign-in
 * becomes a full session, or the error is shown. Too many wrong codes (or a lock) ended the pending
 * sign-in: its cookie is forgotten too.
 */
async function completeSecondStep(
  context: Ctx,
  step: (db: Db, pending: Pending) => Promise<{ token: string; session: { expiresAt: Date } }>,
): Promise<void> {
  const pending = requirePending(context);
  try {
    const { token, session } = await step(await getDb(), pending);
    setSessionCookie(context, token, session.expiresAt);
  } catch (error) {
    if (error instanceof AuthError && (error.code === 'too_many_codes' || error.code === 'locked')) {
      deleteSessionCookie(context);
    }
    toActionError(error);
  }
}

/** Step 2 of sign-in, with an authenticator code or a recovery code: the same glue for both. */
function secondFactorAction(
  schema: typeof CodeSchema | typeof RecoveryCodeSchema,
  verify: typeof verifySecondFactor | typeof verifyRecoveryCode,
) {
  return defineAction({
    accept: 'form',
    input: schema,
    handler: async (input, context) => {
      await completeSecondStep(context, (db, pending) =>
        verify(db, pending.session, pending.user, input.code, authContext(context)),
      );
      return { redirectTo: safeNext(input.next) };
    },
  });
}

export const auth = {
  login: defineAction({
    accept: 'form',
    input: LoginSchema,
    handler: async (input, context) => {
      const db = await getDb();
      let newAuthenticator = false;
      try {
        const signedIn = await signInWithPassword(db, input, authContext(context));
        setSessionCookie(context, signedIn.token, signedIn.session.expiresAt);
        newAuthenticator = signedIn.newAuthenticator;
      } catch (error) {
        toActionError(error);
      }
      const next = encodeURIComponent(safeNext(input.next));
      const step = newAuthenticator ? 'new-authenticator' : 'two-factor';
      return { redirectTo: `/staff/login/${step}?next=${next}` };
    },
  }),

  verifyCode: secondFactorAction(CodeSchema, verifySecondFactor),
  useRecoveryCode: secondFactorAction(RecoveryCodeSchema, verifyRecoveryCode),

  /** Step 2 after an administrator reset the second factor: set up a new authenticator app. */
  enrolNewAuthenticator: defineAction({
    accept: 'form',
    input: EnrolTotpSchema.extend({ next: CodeSchema.shape.next }),
    handler: async (input, context) => {
      const key = decodeBase32IgnorePadding(input.key);
      await completeSecondStep(context, (db, pending) =>
        enrolNewAuthenticator(
          db,
          pending.session,
          pending.user,
          { key, code: input.code },
          authContext(context),
        ),
      );
      // The new recovery codes wait, sealed, for this session's next page.
      return { redirectTo: `/staff/account/recovery-codes?next=${encodeURIComponent(safeNext(input.next))}` };
    },
  }),

  logout: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const staff = context.locals.staff;
      if (staff) await signOut(await getDb(), staff.session, staff.user, clientOf(context));
      deleteSessionCookie(context);
      return { redirectTo: '/staff/login?signedOut=1' };
    },
  }),

  /** Invitation step 1. The link's token is in a cookie set when the link was opened. */
  setPassword: defineAction({
    accept: 'form',
    input: NewPasswordSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, SETUP_COOKIE, 'invite');
      await setInitialPassword(db, holder, input.password, clientOf(context));
      return { redirectTo: '/staff/setup/two-factor' };
    },
  }),

  /** Invitation step 2: prove the authenticator app works, get recovery codes, be signed in. */
  enrolTotp: defineAction({
    accept: 'form',
    input: EnrolTotpSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, SETUP_COOKIE, 'invite');
      try {
        const key = decodeBase32IgnorePadding(input.key);
        const { token: sessionToken, session } = await completeInvitation(
          db,
          holder,
          key,
          input.code,
          authContext(context),
        );
        setSessionCookie(context, sessionToken, session.expiresAt);
        context.cookies.delete(SETUP_COOKIE, { path: '/staff' });
        // The recovery codes wait, sealed, for this session's next page: never in a cookie.
        return { redirectTo: '/staff/setup/recovery-codes' };
      } catch (error) {
        return toActionError(error);
      }
    },
  }),

  requestReset: defineAction({
    accept: 'form',
    input: ForgotPasswordSchema,
    handler: async (input, context) => {
      const db = await getDb();
      try {
        const ctx = authContext(context);
        await requestPasswordReset(db, input.email, ctx, (tx, link) =>
          sendRequestedLinkEmail(tx, link, ctx.secret),
        );
      } catch (error) {
        toActionError(error);
      }
      // The same answer whether or not the address has an account.
      return { redirectTo: '/staff/forgot-password/sent' };
    },
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: NewPasswordSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, RESET_COOKIE, 'password_reset');
      try {
        await completePasswordReset(db, holder, input.password, clientOf(context), getAppSecret());
      } catch (error) {
        toActionError(error);
      }
      context.cookies.delete(RESET_COOKIE, { path: '/staff' });
      deleteSessionCookie(context);
      return { redirectTo: '/staff/login?reset=1' };
    },
  }),
};
