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
}

export function isForbiddenCrossSiteRequest(input: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  const sameOrigin = input.origin === input.siteOrigin;
  if (input.contentType !== null) {
    const type = input.contentType.toLowerCase();
    return FORM_CONTENT_TYPES.some((t) => type.includes(t)) && !sameOrigin;
  }
  return !sameOrigin;
}

/**
 * RFC 8058 one-click unsubscribe (src/pages/api/newsletters/unsubscribe/[token].ts): mail providers
 * POST `List-Unsubscribe=One-Click` with no Origin. The only request the check lets through, and
 * only that exact request: a POST to the path, naming no form action (`?_action=` would run that
 * action on the page), whose body is `List-Unsubscribe=One-Click` and nothing else. The token in the
 * path is the authority.
 */
const ONE_CLICK_UNSUBSCRIBE_PATH = /^\/api\/newsletters\/unsubscribe\/[a-z2-7]{32}$/;
/** The RFC's body is 26 bytes; anything much larger is not a one-click request. */
const ONE_CLICK_MAX_BYTES = 1024;

export function isOneClickUnsubscribePath(method: string, url: URL): boolean {
  return method === 'POST' && ONE_CLICK_UNSUBSCRIBE_PATH.test(url.pathname) && url.search === '';
}

/** Whether a request is exactly RFC 8058's one-click POST. Reads at most 1 KB of a copy of the body. */
export async function isOneClickUnsubscribe(request: Request, url: URL): Promise<boolean> {
  if (!isOneClickUnsubscribePath(request.method, url)) return false;
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= ONE_CLICK_MAX_BYTES)) return false;
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return false;
  const body = await readAtMost(request.clone(), ONE_CLICK_MAX_BYTES);
  if (!body) return false;
  try {
    const form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': type },
    }).formData();
    const entries = [...form.entries()];
    return entries.length === 1 && entries[0]?.[0] === 'List-Unsubscribe' && entries[0]?.[1] === 'One-Click';
  } catch {
    return false;
  }
}

/** The body's bytes, or null if it is longer than `max` (it stops reading there) or cannot be read. */
async function readAtMost(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        // Not awaited: a clone's cancel settles only when the original is cancelled too.
        reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export function crossSiteForbidden(method: string): Response {
  return new Response(`Cross-site ${method} form submissions are forbidden`, {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
