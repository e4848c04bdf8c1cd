// A resident's journey cookie (no sign-in): a random value that keys a row of theirs — the /report
// draft, a vote waiting for its code. HttpOnly, SameSite=Lax, path /; over HTTPS `__Host-` and Secure,
// as the staff session cookie, so no other site or subdomain can set it.
import type { APIContext } from 'astro';

type CookieContext = Pick<APIContext, 'cookies' | 'url'>;

export interface ResidentCookie {
  /** The cookie's name for this request's scheme. */
  name(url: URL): string;
  get(context: CookieContext): string | undefined;
  set(context: CookieContext, value: string, expiresAt: Date): void;
  delete(context: CookieContext): void;
}

export function residentCookie(baseName: string): ResidentCookie {
  const name = (url: URL) => (url.protocol === 'https:' ? `__Host-${baseName}` : baseName);
  const options = (url: URL) => ({
    httpOnly: true,
    secure: url.protocol === 'https:',
    sameSite: 'lax' as const,
    path: '/',
  });
  return {
    name,
    get: (context) => context.cookies.get(name(context.url))?.value,
    set: (context, value, expiresAt) =>
      context.cookies.set(name(context.url), value, { ...options(context.url), expires: expiresAt }),
    delete: (context) => context.cookies.delete(name(context.url), options(context.url)),
  };
}
