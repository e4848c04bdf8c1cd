// Sign-in, sign-out, invitation set-up and password reset. Glue only: parse, call, map errors.
import { type ActionAPIContext, ActionError } from 'astro:actions';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { z } from 'zod';
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
  type SignedIn,
  signInWithPassword,
  signOut,
  verifyRecoveryCode,
  verifySecondFactor,
} from '../features/auth/sign-in.server.ts';
import { publicAction } from '../server/astro/actions.ts';
import { getAppSecret, mailContext } from '../server/astro/config.ts';
import { getDb } from '../server/astro/db.ts';
import {
  clientOf,
  deleteSessionCookie,
  deviceCookieOf,
  safeNext,
  setDeviceCookie,
  setSessionCookie,
  userAgentOf,
} from '../server/astro/staff-auth.ts';
import { RESET_COOKIE, SETUP_COOKIE } from '../server/astro/token-cookies.ts';
import { countSignInFailure, type SignInStep } from '../server/node/metrics.ts';

/** Runs a sign-in step, counting a refusal for the metrics (by step and reason, nothing else). */
async function counted<T>(step: SignInStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AuthError) countSignInFailure(step, error.code);
    throw error;
  }
}

function authContext(context: ActionAPIContext) {
  return {
    ...mailContext(),
    client: clientOf(context),
    userAgent: userAgentOf(context),
    device: deviceCookieOf(context),
  };
}

function requirePending(context: ActionAPIContext) {
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
  context: ActionAPIContext,
  cookie: string,
  purpose: 'invite' | 'password_reset',
): Promise<TokenHolder> {
  await limitLinkUse(db, authContext(context));
  const holder = await findValidToken(db, getAppSecret(), context.cookies.get(cookie)?.value ?? '', purpose);
  if (!holder) throw new AuthError('invalid_link');
  return holder;
}

type Pending = NonNullable<ActionAPIContext['locals']['staff']>;

/**
 * Step 2 of sign-in (a code, a recovery code, or a new app after a reset): the pending sign-in
 * becomes a full session and the browser gets a new device cookie, or the error is shown. Too many
 * wrong codes (or a lock) ended the pending sign-in: its cookie is forgotten too.
 */
async function completeSecondStep(
  context: ActionAPIContext,
  name: SignInStep,
  step: (db: Db, pending: Pending) => Promise<SignedIn>,
): Promise<void> {
  const pending = requirePending(context);
  try {
    const { token, session, device } = await counted(name, async () => step(await getDb(), pending));
    setSessionCookie(context, token, session.expiresAt);
    setDeviceCookie(context, device.token, device.expiresAt);
  } catch (error) {
    if (error instanceof AuthError && (error.code === 'too_many_codes' || error.code === 'locked')) {
      deleteSessionCookie(context);
    }
    throw error;
  }
}

/** Step 2 of sign-in, with an authenticator code or a recovery code: the same glue for both. */
function secondFactorAction(
  schema: typeof CodeSchema | typeof RecoveryCodeSchema,
  verify: typeof verifySecondFactor | typeof verifyRecoveryCode,
  name: SignInStep,
) {
  return publicAction({
    input: schema,
    handler: async (input, context) => {
      await completeSecondStep(context, name, (db, pending) =>
        verify(db, pending.session, pending.user, input.code, authContext(context)),
      );
      return { redirectTo: safeNext(input.next) };
    },
  });
}

export const auth = {
  login: publicAction({
    input: LoginSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const signedIn = await counted('password', () => signInWithPassword(db, input, authContext(context)));
      setSessionCookie(context, signedIn.token, signedIn.session.expiresAt);
      const next = encodeURIComponent(safeNext(input.next));
      const step = signedIn.newAuthenticator ? 'new-authenticator' : 'two-factor';
      return { redirectTo: `/staff/login/${step}?next=${next}` };
    },
  }),

  verifyCode: secondFactorAction(CodeSchema, verifySecondFactor, 'code'),
  useRecoveryCode: secondFactorAction(RecoveryCodeSchema, verifyRecoveryCode, 'recovery_code'),

  /** Step 2 after an administrator reset the second factor: set up a new authenticator app. */
  enrolNewAuthenticator: publicAction({
    input: EnrolTotpSchema.extend({ next: CodeSchema.shape.next }),
    handler: async (input, context) => {
      const key = decodeBase32IgnorePadding(input.key);
      await completeSecondStep(context, 'new_authenticator', (db, pending) =>
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

  logout: publicAction({
    input: z.object({}),
    handler: async (_input, context) => {
      const staff = context.locals.staff;
      if (staff) await signOut(await getDb(), staff.session, staff.user, clientOf(context));
      deleteSessionCookie(context);
      return { redirectTo: '/staff/login?signedOut=1' };
    },
  }),

  /** Invitation step 1. The link's token is in a cookie set when the link was opened. */
  setPassword: publicAction({
    input: NewPasswordSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, SETUP_COOKIE, 'invite');
      await setInitialPassword(db, holder, input.password, clientOf(context));
      return { redirectTo: '/staff/setup/two-factor' };
    },
  }),

  /** Invitation step 2: prove the authenticator app works, get recovery codes, be signed in. */
  enrolTotp: publicAction({
    input: EnrolTotpSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, SETUP_COOKIE, 'invite');
      const key = decodeBase32IgnorePadding(input.key);
      const { token, session, device } = await completeInvitation(
        db,
        holder,
        key,
        input.code,
        authContext(context),
      );
      setSessionCookie(context, token, session.expiresAt);
      setDeviceCookie(context, device.token, device.expiresAt);
      context.cookies.delete(SETUP_COOKIE, { path: '/staff' });
      // The recovery codes wait, sealed, for this session's next page: never in a cookie.
      return { redirectTo: '/staff/setup/recovery-codes' };
    },
  }),

  requestReset: publicAction({
    input: ForgotPasswordSchema,
    handler: async (input, context) => {
      const ctx = authContext(context);
      await requestPasswordReset(await getDb(), input.email, ctx, (tx, link) =>
        sendRequestedLinkEmail(tx, link, ctx),
      );
      // The same answer whether or not the address has an account.
      return { redirectTo: '/staff/forgot-password/sent' };
    },
  }),

  resetPassword: publicAction({
    input: NewPasswordSchema,
    handler: async (input, context) => {
      const db = await getDb();
      const holder = await linkHolder(db, context, RESET_COOKIE, 'password_reset');
      await completePasswordReset(db, holder, input.password, clientOf(context), getAppSecret());
      context.cookies.delete(RESET_COOKIE, { path: '/staff' });
      deleteSessionCookie(context);
      return { redirectTo: '/staff/login?reset=1' };
    },
  }),
};
