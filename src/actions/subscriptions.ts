// Residents and the newsletter, with no account: subscribe, confirm, change preferences, leave.
// A confirmation or preferences link's token is held in a cookie (see acceptLinkToken). Glue only.
import type { ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { NewsletterError } from '../features/newsletters/newsletter-error.ts';
import { PreferencesSchema, SubscribeSchema } from '../features/newsletters/newsletters.schema.ts';
import {
  confirmSubscription,
  requestSubscription,
  unsubscribe,
  updatePreferences,
} from '../features/newsletters/subscriptions.server.ts';
import { publicAction } from '../server/astro/actions.ts';
import { getAppSecret } from '../server/astro/config.ts';
import { getDb } from '../server/astro/db.ts';
import { clientOf } from '../server/astro/staff-auth.ts';
import {
  NEWSLETTER_CONFIRM_COOKIE,
  NEWSLETTER_COOKIE_PATH,
  NEWSLETTER_PREFERENCES_COOKIE,
} from '../server/astro/token-cookies.ts';
import { mail } from './newsletters.ts';

const cookieOptions = (context: ActionAPIContext) => ({
  httpOnly: true,
  secure: context.url.protocol === 'https:',
  sameSite: 'lax' as const,
  path: NEWSLETTER_COOKIE_PATH,
  maxAge: 60 * 60,
});

function linkToken(context: ActionAPIContext, cookie: string): string {
  return context.cookies.get(cookie)?.value ?? '';
}

/** Residents: no account, no staff session; links carry the authority (held in cookies). */
export const subscriptions = {
  /** Anyone: the same answer whether or not the address was known (see requestSubscription). */
  subscribe: publicAction({
    input: SubscribeSchema,
    handler: async (input, context) => {
      await requestSubscription(await getDb(), input, { ...mail(), client: clientOf(context) ?? 'unknown' });
      return { redirectTo: '/newsletters/check-your-email' };
    },
  }),

  /** The button on the confirmation page; the link's token is in a cookie (see acceptLinkToken). */
  confirm: publicAction({
    input: z.object({}),
    handler: async (_input, context) => {
      const { preferencesToken } = await confirmSubscription(
        await getDb(),
        getAppSecret(),
        linkToken(context, NEWSLETTER_CONFIRM_COOKIE),
      );
      context.cookies.delete(NEWSLETTER_CONFIRM_COOKIE, { path: NEWSLETTER_COOKIE_PATH });
      context.cookies.set(NEWSLETTER_PREFERENCES_COOKIE, preferencesToken, cookieOptions(context));
      return { redirectTo: '/newsletters/preferences', done: 'confirmed' as const };
    },
  }),

  updatePreferences: publicAction({
    input: PreferencesSchema,
    handler: async (input, context) => {
      const token = linkToken(context, NEWSLETTER_PREFERENCES_COOKIE);
      await updatePreferences(await getDb(), getAppSecret(), token, input);
      return { redirectTo: '/newsletters/preferences', done: 'saved' as const };
    },
  }),

  /** The Unsubscribe button on the preferences page (mail clients use the one-click endpoint). */
  unsubscribe: publicAction({
    input: z.object({}),
    handler: async (_input, context) => {
      const token = linkToken(context, NEWSLETTER_PREFERENCES_COOKIE);
      const done = await unsubscribe(await getDb(), getAppSecret(), token);
      if (!done) throw new NewsletterError('invalid_link');
      context.cookies.delete(NEWSLETTER_PREFERENCES_COOKIE, { path: NEWSLETTER_COOKIE_PATH });
      return { redirectTo: '/newsletters/unsubscribed' };
    },
  }),
};
