// One-time links arrive as /staff/setup/<token> or /staff/reset-password/<token> (or, for
// residents, /newsletters/confirm/<token> and /newsletters/preferences/<token>). The page moves
// the token into a short-lived HttpOnly cookie and redirects to a URL without it, so the token
// never sits in browser history, a Referer header or a log line. Opening links is rate-limited.
import type { AstroGlobal } from 'astro';
import { AuthError } from '../features/auth/auth-errors.ts';
import { limitLinkUse } from '../features/auth/one-time-links.server.ts';
import { getAppSecret } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { clientOf } from './staff-auth.ts';

export const SETUP_COOKIE = 'cn_setup';
export const RESET_COOKIE = 'cn_reset';
/** Newsletter links: a confirmation, and a reader's preferences (sent to /newsletters pages only). */
export const NEWSLETTER_CONFIRM_COOKIE = 'cn_nl_confirm';
export const NEWSLETTER_PREFERENCES_COOKIE = 'cn_nl_prefs';
export const NEWSLETTER_COOKIE_PATH = '/newsletters';

/**
 * The response for a link page: a 404 for a malformed token, else the redirect with the token held
 * in a cookie — or null when the client is over the limit (the page then explains, with a 429).
 */
export async function acceptLinkToken(
  Astro: Pick<
    AstroGlobal,
    'params' | 'cookies' | 'url' | 'redirect' | 'response' | 'clientAddress' | 'request'
  >,
  cookie: string,
  target: string,
  /** The part of the site the cookie is sent to: the pages that use it. */
  cookiePath = '/staff',
): Promise<Response | null> {
  const token = Astro.params.token ?? '';
  if (!/^[a-z2-7]{32}$/.test(token)) return new Response(null, { status: 404 });
  try {
    await limitLinkUse(await getDb(), { secret: getAppSecret(), client: clientOf(Astro) });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    Astro.response.status = 429;
    return null;
  }
  Astro.cookies.set(cookie, token, {
    httpOnly: true,
    secure: Astro.url.protocol === 'https:',
    sameSite: 'lax',
    path: cookiePath,
    maxAge: 60 * 60,
  });
  return Astro.redirect(target, 303);
}
