// The /report journey's draft cookie: a random token (its keyed hash keys the draft row), HttpOnly,
// for 2 hours after the last answer (resident-cookie.ts).
import type { APIContext, AstroGlobal } from 'astro';
import { type Draft, getDraft } from '../../features/concerns/concerns.server.ts';
import { getAppSecret } from './config.ts';
import { getDb } from './db.ts';
import { type FormState, formState } from './forms.ts';
import { residentCookie } from './resident-cookie.ts';

type CookieContext = Pick<APIContext, 'cookies' | 'url'>;

const draftCookie = residentCookie('cn_report');

export function draftCookieName(url: URL): string {
  return draftCookie.name(url);
}

export function draftToken(context: CookieContext): string | undefined {
  return draftCookie.get(context);
}

export function setDraftCookie(context: CookieContext, token: string, expiresAt: Date): void {
  draftCookie.set(context, token, expiresAt);
}

export function deleteDraftCookie(context: CookieContext): void {
  draftCookie.delete(context);
}

/** For /report pages: the visitor's draft (or null). The page is theirs alone: never cached. */
export async function loadDraft(
  Astro: Pick<AstroGlobal, 'cookies' | 'url' | 'locals'>,
): Promise<Draft | null> {
  Astro.locals.private = true;
  return getDraft(await getDb(), getAppSecret(), draftToken(Astro));
}

/**
 * What a question page shows: the errors of its last post and, in each field, what was just typed
 * (after a refused post) or else the saved answer; and whether it was reached from the check page.
 */
export function stepForm<F extends string>(
  Astro: Pick<AstroGlobal, 'locals' | 'url'>,
  result: Parameters<typeof formState>[0],
  fields: readonly F[],
  saved: Partial<Record<F, string | null>> | undefined,
): { form: FormState; v: (name: F) => string; fromCheck: boolean } {
  const form = formState(result, Astro.locals.formInput, [...fields], fields[0]);
  const shownAgain = Astro.locals.formInput !== undefined;
  return {
    form,
    v: (name) => (shownAgain ? form.value(name) : saved?.[name]) ?? '',
    fromCheck: Astro.url.searchParams.get('from') === 'check' || form.value('from') === 'check',
  };
}
