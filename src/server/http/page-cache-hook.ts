// The two ends of a request that meet the page cache (page-cache.ts): the Node adapter's server
// asks serveCached before Astro runs (see astro.config.mjs), and the middleware's last step,
// finishResponse, stores a public page and compresses what it sends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import {
  type Encoded,
  encodeBody,
  etagOf,
  isCompressible,
  negotiateEncoding,
  sendEncoded,
} from './compression.ts';
import { keepPresentHashes, needsOpenerIsolation } from './http-headers.ts';
import { type CachedResponse, type CacheTag, cacheKey, pageCache } from './page-cache.ts';

/** Node adapter hook: answers a request from the cache; false lets it through to Astro. */
export function serveCached(req: IncomingMessage, res: ServerResponse): boolean {
  if (!pageCache.enabled) return false;
  const key = cacheKey(req.method ?? '', req.url ?? '', req.headers.cookie);
  if (!key) return false;
  const hit = pageCache.get(key);
  if (!hit) return false;
  sendEncoded(req, res, hit, { 'x-cache': 'hit' });
  return true;
}

/** Every content tag: what a page that declared none is purged by. */
const EVERY_CONTENT_TAG: readonly CacheTag[] = ['plan', 'wards', 'performance', 'newsletter'];

export interface Finishing {
  /** The request's cache key, or null when it must not use the cache. */
  key: string | null;
  /** `pageCache.generation` when the request began. */
  generation: number;
  /** The response may be stored (public, 200, no cookie set). */
  cacheable: boolean;
  tags: readonly CacheTag[] | undefined;
  acceptEncoding: string | null;
  method: string;
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'content-encoding') out[name] = value;
  });
  return out;
}

/**
 * The last step of every response: a public page is stored in the cache (compressed both ways, at a
 * high level, once); any other text response is compressed for this client at a fast level.
 */
export async function finishResponse(response: Response, f: Finishing, cache = pageCache): Promise<Response> {
  const contentType = response.headers.get('content-type');
  if (!response.body || f.method === 'HEAD' || response.headers.has('content-encoding')) return response;
  const store =
    f.cacheable && f.key !== null && cache.enabled && f.method === 'GET' && response.status === 200;
  if (!store && !isCompressible(contentType)) return response;
  const body = Buffer.from(await response.arrayBuffer());
  const html = contentType?.startsWith('text/html') ? body.toString('utf8') : null;
  const policy = response.headers.get('content-security-policy');
  if (policy && html !== null)
    response.headers.set('content-security-policy', keepPresentHashes(policy, html));
  if (f.cacheable && html !== null && !needsOpenerIsolation(html))
    response.headers.delete('cross-origin-opener-policy');
  const headers = headersOf(response);
  if (store && f.key) {
    const entry: CachedResponse = {
      status: response.status,
      headers,
      etag: etagOf(body),
      tags: f.tags && f.tags.length > 0 ? f.tags : EVERY_CONTENT_TAG,
      identity: body,
    };
    if (cache.set(f.key, entry, f.generation) && isCompressible(contentType)) {
      // The slow, small encodings are made after this response is sent: a cold page costs no more
      // than an uncached one. Until then the cache answers with the identity body.
      const key = f.key;
      setImmediate(() => cache.replace(key, entry, { ...entry, ...encodeBody(body, contentType) }));
    }
  }
  const encoding =
    body.length >= 256 && isCompressible(contentType)
      ? negotiateEncoding(f.acceptEncoding ?? undefined)
      : 'identity';
  const fast =
    encoding === 'br'
      ? { br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }) }
      : encoding === 'gzip'
        ? { gzip: gzipSync(body, { level: 6 }) }
        : {};
  return encodedResponse({ identity: body, ...fast }, f.acceptEncoding, response, store ? 'miss' : undefined);
}

function encodedResponse(
  encoded: Encoded,
  acceptEncoding: string | null,
  original: Response,
  xCache?: 'miss',
): Response {
  // The stored copy's ETag, for a miss: the next request may be conditional.
  const headers = new Headers(original.headers);
  headers.delete('content-length');
  const compressible = Boolean(encoded.gzip || encoded.br);
  const encoding = compressible ? negotiateEncoding(acceptEncoding ?? undefined) : 'identity';
  const body = (encoding === 'br' && encoded.br) || (encoding === 'gzip' && encoded.gzip) || encoded.identity;
  if (compressible) headers.append('vary', 'Accept-Encoding');
  if (body !== encoded.identity) headers.set('content-encoding', encoding);
  if (xCache) headers.set('x-cache', xCache);
  if (xCache && 'etag' in encoded) headers.set('etag', String(encoded.etag));
  return new Response(new Uint8Array(body), {
    status: original.status,
    statusText: original.statusText,
    headers,
  });
}
