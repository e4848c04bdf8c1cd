// Post/Redirect/Get for forms that post to Astro actions without JavaScript.
// Success: 303 to the page (or to the action's `redirectTo`), the result carried in a one-read
// flash cookie so the page can say what happened and a refresh does not post again. The cookie is
// HttpOnly, SameSite=Lax, lives 60 seconds, is deleted by the first page that reads it, and over
// HTTPS is `__Host-` and Secure: only the portal's own responses can set it (it carries a new
// report's tracking code to the page that shows it once).
// Failure: the page re-renders with the action's errors, the user's input and a 4xx status.

import { z } from 'zod';

export const FLASH_COOKIE = 'cn_flash';
/** Seconds a flash cookie lives: long enough for the redirect to be followed, no longer. */
export const FLASH_MAX_AGE = 60;

/** `__Host-cn_flash` over HTTPS (Secure, path /, no Domain: no other site or subdomain can set it). */
export function flashCookieName(url: URL): string {
  return url.protocol === 'https:' ? `__Host-${FLASH_COOKIE}` : FLASH_COOKIE;
}
const MAX_FLASH_BYTES = 3000;

/** Field names never echoed back into a re-rendered form. */
const NEVER_KEEP = /password|passcode|otp|token|csrf/i;

/** The submitted text fields, to refill the form when it is shown again with errors. */
export function keptInput(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || NEVER_KEEP.test(name) || name.startsWith('_')) continue;
    const prev = out[name];
    if (prev === undefined) out[name] = value;
    else out[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * An action whose result says this (a preview, a check) changed nothing: the page is shown again
 * with its result and what was typed, instead of redirecting.
 */
export const SHOW_FORM_AGAIN = 'showFormAgain';

export function showsFormAgain(data: unknown): boolean {
  return (
    typeof data === 'object' && data !== null && (data as Record<string, unknown>)[SHOW_FORM_AGAIN] === true
  );
}

/** A same-site path to send the browser to after success: the action's choice, else the page. */
export function redirectTarget(current: URL, data: unknown): string {
  if (data && typeof data === 'object' && 'redirectTo' in data) {
    const to = (data as { redirectTo: unknown }).redirectTo;
    if (typeof to === 'string' && /^\/(?![/\\])/.test(to)) return to;
  }
  const params = new URLSearchParams(current.search);
  params.delete('_action');
  const query = params.toString();
  return query ? `${current.pathname}?${query}` : current.pathname;
}

const FlashSchema = z.object({
  actionName: z.string().max(100),
  actionResult: z.object({
    type: z.enum(['data', 'error', 'empty']),
    contentType: z.string().optional(),
    status: z.number().int(),
    body: z.string().optional(),
  }),
});
export type Flash = z.infer<typeof FlashSchema>;

export function encodeFlash(flash: Flash): string | null {
  const value = JSON.stringify(flash);
  return Buffer.byteLength(value) <= MAX_FLASH_BYTES ? value : null;
}

/** Reads a flash cookie; anything malformed is ignored, never trusted. */
export function decodeFlash(raw: string | undefined): Flash | null {
  if (!raw) return null;
  try {
    const parsed = FlashSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The status a re-rendered form gets: the action error's own 4xx, else 400. */
export function statusForActionError(status: number | undefined): number {
  if (status === 503) return 503; // the database unreachable: the form is shown again, to send later
  return status !== undefined && status >= 400 && status < 500 ? status : 400;
}

/** No text the portal keeps may hold a NUL: PostgreSQL cannot store one, and no person types one. */
export const NUL_MESSAGE =
  'The form contains a character that cannot be saved (a null character). Remove it and try again.';

export function hasNul(form: FormData): boolean {
  return holdsNul([...form.values()]); // files are objects with no entries: never a match
}

/** Does any string in this parsed JSON (or list of form values), key or value, hold a NUL? */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => holdsNul(k) || holdsNul(v));
  return false;
}

/**
 * What is wrong with the body of an action called directly, before Astro reads it: JSON that does not
 * parse (Astro would answer 500), or a NUL in any value. Null when there is nothing wrong.
 */
export async function actionBodyProblem(request: Request): Promise<string | null> {
  const type = request.headers.get('content-type') ?? '';
  try {
    if (/^application\/json\b/i.test(type)) {
      const text = await request.clone().text();
      // An empty body is how an action without input is called: Astro reads it as no input.
      if (text.length === 0) return null;
      return holdsNul(JSON.parse(text)) ? NUL_MESSAGE : null;
    }
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
      return hasNul(await request.clone().formData()) ? NUL_MESSAGE : null;
    }
  } catch {
    return /json/i.test(type) ? 'The request body is not valid JSON' : 'The form could not be read';
  }
  return null; // other types: Astro refuses them (415)
}

/** What a caller is told of an unexpected failure: nothing about its cause. */
export const SERVICE_PROBLEM = 'Sorry, there is a problem with the service. Try again later.';

/** What a caller is told while the database cannot be reached (a restart, say), with a 503. */
export const SERVICE_UNAVAILABLE =
  'Sorry, the service is unavailable for a moment and what you sent may not have been saved. Try again in a minute.';
/** Retry-After on those 503s, in seconds: a database restart takes a few. */
export const RETRY_AFTER_SECONDS = 30;

/** The message of Astro's JSON answer to a failed action call, for the log; else the body itself. */
export function unexpectedMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed) return String(parsed.message);
  } catch {
    // not JSON
  }
  return body.slice(0, 500);
}
