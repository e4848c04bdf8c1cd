// One-time links arrive as /staff/setup/<token> or /staff/reset-password/<token> (or, for
// residents, /newsletters/confirm/<token> and /newsletters/preferences/<token>). The page moves
// the token into a short-lived HttpOnly cookie and redirects to a URL without it, so the token
// never sits in browser history, a Referer header or a log line. Opening links is rate-limited.
// A resident's link to follow a report is held the same way (TRACK_COOKIE).
import type { AstroGlobal } from 'astro';
import { AuthError } from '../../features/auth/auth-errors.ts';
import { limitLinkUse } from '../../features/auth/one-time-links.server.ts';
import { getAppSecret } from './config.ts';
import { getDb } from './db.ts';
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
  return holdInCookie(Astro, cookie, token, target, cookiePath);
}

/**
 * A resident's link to follow a report: /report/track/<reference>/<code> (or, in emails sent before,
 * /report/track?reference=…&code=…). Held like a one-time link's token; the tracking page reads it
 * (and the lookup is limited there, per client: decision 0101).
 */
export const TRACK_COOKIE = 'cn_track';
export const TRACK_PATH = '/report/track';

/** The cookie's value: the reference and code, each cut to the length the form accepts. */
export function trackCookieValue(reference: string, code: string): string {
  return `${reference.slice(0, 40)}|${code.slice(0, 40)}`;
}

/** The reference and code a tracking cookie holds, or null. */
export function readTrackCookie(value: string | undefined): { reference: string; code: string } | null {
  const [reference, code, ...rest] = (value ?? '').split('|');
  return reference && code && rest.length === 0 ? { reference, code } : null;
}

/** Moves a secret from the URL into a short-lived HttpOnly cookie, and redirects to `target`. */
export function holdInCookie(
  Astro: Pick<AstroGlobal, 'cookies' | 'url' | 'redirect'>,
  cookie: string,
  value: string,
  target: string,
  cookiePath: string,
): Response {
  Astro.cookies.set(cookie, value, {
    httpOnly: true,
    secure: Astro.url.protocol === 'https:',
    sameSite: 'lax',
    path: cookiePath,
    maxAge: 60 * 60,
  });
  return Astro.redirect(target, 303);
}
