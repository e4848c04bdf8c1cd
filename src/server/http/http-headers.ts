// Response headers every page gets: the security baseline and the caching policy.
// Pure functions so the policy is unit-tested without a server.
import { createHash } from 'node:crypto';
import { IMAGE_HOSTS } from '../../lib/image-hosts.ts';

/**
 * Every directive except script-src and style-src, which Astro writes itself (astro.config.mjs
 * `security.csp`): it adds the hash of each inline script and style it renders, such as an
 * island's hydration script. Plain JavaScript so astro.config.mjs can import it.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  `img-src 'self' data:${IMAGE_HOSTS.map((h) => ` https://${h}`).join('')}`,
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
] as const;

/**
 * The same policy without hashes, for responses Astro sends no policy with (endpoints, redirects,
 * errors Astro renders itself): they carry no inline script or style at all.
 */
export const CONTENT_SECURITY_POLICY = [...CSP_DIRECTIVES, "script-src 'self'", "style-src 'self'"].join(
  '; ',
);

/** Set on every response. The Content-Security-Policy is not among them: see `withSecurityHeaders`. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
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

/**
 * Sets the security headers on a response. Astro sends its own Content-Security-Policy (with the
 * hashes of the page's inline scripts) on the pages it renders: keep that one, and send the
 * hash-free policy only where there is none.
 */
export function withSecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  if (!headers.has('Content-Security-Policy'))
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
}

/**
 * Cross-Origin-Opener-Policy puts a page in a browsing-context group of its own, which costs Chromium
 * a new renderer process on every navigation to it: 100–300 ms of blocking time on a phone, most of
 * what kept public pages' Lighthouse scores under 1.00 (decision 0110, measured side by side). A
 * public, cacheable page that runs no script is the same for everyone, opens no window and holds
 * nothing another window could read: it goes without. Everything else keeps it — staff pages, a
 * form's answer, pages that set a cookie, and any page with an island.
 */
export function needsOpenerIsolation(html: string): boolean {
  return /<script\b/i.test(html);
}

const INLINE_ELEMENT = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;
const SOURCE_HASH = /\s*'sha256-[A-Za-z0-9+/]+={0,2}'/g;

/**
 * Astro's policy lists the hashes of its island runtime on every page, whether the page has an
 * island or not. Keeps only the hashes of inline scripts and styles the page really contains: a page
 * with none (every content page) allows no inline code at all, and its header is some 500 bytes
 * shorter, which counts on a page served from memory thousands of times a second.
 */
export function keepPresentHashes(policy: string, html: string): string {
  if (!policy.includes("'sha256-")) return policy;
  const present = new Set<string>();
  for (const [, element, attributes, text] of html.matchAll(INLINE_ELEMENT)) {
    if (element?.toLowerCase() === 'script' && /\ssrc\s*=/i.test(` ${attributes}`)) continue;
    present.add(
      `'sha256-${createHash('sha256')
        .update(text ?? '')
        .digest('base64')}'`,
    );
  }
  return policy.replace(SOURCE_HASH, (hash) => (present.has(hash.trim()) ? hash : ''));
}

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
  /** An endpoint under /api/ declared itself public with `servePublicly` (a feed, a calendar). */
  publicEndpoint: boolean;
}

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

/**
 * For a public GET endpoint under /api/ (a feed, a calendar): lets shared caches keep its answers
 * as they keep pages, with the endpoint's own Cache-Control if it sets one, else PUBLIC_CACHE.
 * Everything else under /api/ (webhooks, health) is never stored: an endpoint must opt in, and a
 * Cache-Control header alone is not enough.
 */
export function servePublicly(locals: { publicEndpoint?: boolean }): void {
  locals.publicEndpoint = true;
}

/**
 * Says what a public page shows, so the page cache forgets it when a staff write changes that
 * (src/server/http/page-cache.ts). A page that says nothing is purged by every content change.
 */
export function showsContent(
  locals: { cacheTags?: import('./page-cache.ts').CacheTag[] },
  ...tags: import('./page-cache.ts').CacheTag[]
): void {
  locals.cacheTags = tags;
}

export function cacheControlFor(input: CacheInput): string {
  if (input.setsCookie || input.private || under(input.pathname, '/staff')) return NO_STORE;
  if (under(input.pathname, '/api') && !input.publicEndpoint) return NO_STORE;
  if (input.existing) return input.existing;
  if (input.method !== 'GET' && input.method !== 'HEAD') return NO_STORE;
  if (input.status === 200) return PUBLIC_CACHE;
  if (input.status === 404) return 'public, max-age=0, s-maxage=60';
  return NO_STORE;
}
