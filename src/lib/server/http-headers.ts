// Response headers every page gets: the security baseline and the caching policy.
// Pure functions so the policy is unit-tested without a server.

/**
 * No inline script or style anywhere: content pages ship no JavaScript at all, stylesheets are
 * files (astro.config.mjs sets inlineStylesheets: 'never').
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  // Never send any of a URL to another site (some URLs carry tracking codes). Not 'no-referrer':
  // with it browsers send `Origin: null` on form posts, which the origin check rightly refuses.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Shared caches may keep a public page for a minute and serve it stale while revalidating. */
export const PUBLIC_CACHE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=600';
export const NO_STORE = 'no-store';

export interface CacheInput {
  method: string;
  pathname: string;
  status: number;
  /** The response sets a cookie: it is for one visitor only. */
  setsCookie: boolean;
  /** The page or middleware asked for no-store (forms, flash messages, signed-in views). */
  private: boolean;
  /** The handler chose its own Cache-Control. */
  existing: string | null;
}

/** Paths whose responses are about one person and must never be stored. */
const PRIVATE_PREFIXES = ['/staff', '/api/'];

export function cacheControlFor(input: CacheInput): string {
  const isPrivatePath = PRIVATE_PREFIXES.some(
    (p) =>
      input.pathname === p.replace(/\/$/, '') || input.pathname.startsWith(p.endsWith('/') ? p : `${p}/`),
  );
  if (input.setsCookie || input.private || isPrivatePath) return NO_STORE;
  if (input.existing) return input.existing;
  if (input.method !== 'GET' && input.method !== 'HEAD') return NO_STORE;
  if (input.status === 200) return PUBLIC_CACHE;
  if (input.status === 404) return 'public, max-age=0, s-maxage=60';
  return NO_STORE;
}
