// The application journeys' cookies: a draft cookie per form (a random token; its keyed hash keys
// the draft row), HttpOnly, for 2 hours after the last answer (resident-cookie.ts); and the one-time
// links' cookies (confirming an email address, a guardian's answer), held as token-cookies.ts holds
// every emailed link's, on /get-involved only.
import type { APIContext, AstroGlobal } from 'astro';
import {
  type ApplyDraftAnswers,
  getApplicationDraft,
  needsGuardian,
} from '../../features/panels/applications.server.ts';
import type { ApplyForm } from '../../features/panels/applications.ts';
import { getAppSecret } from './config.ts';
import { getDb } from './db.ts';
import { residentCookie } from './resident-cookie.ts';

type CookieContext = Pick<APIContext, 'cookies' | 'url'>;

const draftCookies = {
  'ward-panel': residentCookie('cn_apply_wp'),
  'youth-forum': residentCookie('cn_apply_yf'),
} as const;

export const APPLY_COOKIE_PATH = '/get-involved';
export const APPLY_CONFIRM_COOKIE = 'cn_apply_confirm';
export const GUARDIAN_COOKIE = 'cn_apply_guardian';

export function applyDraftToken(context: CookieContext, form: ApplyForm): string | undefined {
  return draftCookies[form].get(context);
}

export function setApplyDraftCookie(
  context: CookieContext,
  form: ApplyForm,
  token: string,
  expiresAt: Date,
): void {
  draftCookies[form].set(context, token, expiresAt);
}

export function deleteApplyDraftCookie(context: CookieContext, form: ApplyForm): void {
  draftCookies[form].delete(context);
}

/** For the application pages: the visitor's draft of the form (or null). Theirs alone: never cached. */
export async function loadApplyDraft(
  Astro: Pick<AstroGlobal, 'cookies' | 'url' | 'locals'>,
  form: ApplyForm,
): Promise<{ answers: ApplyDraftAnswers; needsGuardian: boolean } | null> {
  Astro.locals.private = true;
  const draft = await getApplicationDraft(await getDb(), getAppSecret(), form, applyDraftToken(Astro, form));
  return draft && { answers: draft.answers, needsGuardian: needsGuardian(draft.answers) };
}
