// The cross-site form check Astro's `security.checkOrigin` did, done in our middleware so that one
// endpoint can be exempt: RFC 8058 one-click unsubscribe, which mail providers POST with no Origin
// header. Same rule as Astro 7.3's (core/app/origin-check.js): an unsafe method whose body is
// form-like (or has no Content-Type) must carry an Origin equal to the site's own.

const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginCheckInput {
  method: string;
  /** The request's Origin and Content-Type headers. */
  origin: string | null;
  contentType: string | null;
  /** The site's own origin, as Astro sees the request's URL. */
  siteOrigin: string;
  /** The path may be posted from anywhere (the one-click unsubscribe endpoint, nothing else). */
  exempt: boolean;
}

export function isForbiddenCrossSiteRequest(input: OriginCheckInput): boolean {
  if (input.exempt || SAFE_METHODS.has(input.method.toUpperCase())) return false;
  const sameOrigin = input.origin === input.siteOrigin;
  if (input.contentType !== null) {
    const type = input.contentType.toLowerCase();
    return FORM_CONTENT_TYPES.some((t) => type.includes(t)) && !sameOrigin;
  }
  return !sameOrigin;
}

/**
 * RFC 8058 one-click unsubscribe (src/pages/api/newsletters/unsubscribe/[token].ts): mail providers
 * POST `List-Unsubscribe=One-Click` with no Origin. The only request the check lets through; the
 * token in the path is the authority.
 */
const ONE_CLICK_UNSUBSCRIBE_PATH = /^\/api\/newsletters\/unsubscribe\/[a-z2-7]{32}$/;

export function isOneClickUnsubscribe(method: string, pathname: string): boolean {
  return method === 'POST' && ONE_CLICK_UNSUBSCRIBE_PATH.test(pathname);
}

export function crossSiteForbidden(method: string): Response {
  return new Response(`Cross-site ${method} form submissions are forbidden`, {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
