// Rendered public pages, kept in this process so a repeat request is answered before Astro runs
// (the Node adapter's server calls `serveCached`, see astro.config.mjs). Keyed by path and only the
// query parameters a page reads; bounded by bytes (least recently used goes first); each entry holds
// its identity, gzip and brotli bodies. A staff write that changes public content purges the pages
// that show it, by tag, here and — through PostgreSQL NOTIFY — in every other process.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { keepPresentHashes } from './http-headers.ts';

/** What a public page shows: a write that changes one of these purges the pages tagged with it. */
export type CacheTag = 'plan' | 'wards' | 'performance' | 'newsletter' | 'static';

/**
 * The query parameters each page reads; every other parameter is dropped from the key (the page
 * ignores it, so the bytes are the same) and cannot create an entry. A page that reads a parameter
 * must be listed here: a test scans the pages for `searchParams` and checks.
 */
export const QUERY_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  '/action-plan': ['pillar', 'borough'],
  '/newsletters': ['page'],
};

/** Paths never served from or stored in the cache (pages for one person, endpoints with effects). */
const NEVER = /^\/(staff|_actions|_image|api\/email)(\/|$)/;

/** Requests carrying one of our cookies (a flash message, a draft, a session) always reach Astro. */
const OUR_COOKIE = /(?:^|;\s*)(?:__Host-)?cn_[a-z_]*=/;

const TEXT =
  /^(text\/|application\/(json|xml|javascript|rss\+xml|atom\+xml|feed\+json|manifest\+json)|image\/svg\+xml)/;

export function isCompressible(contentType: string | null | undefined): boolean {
  return Boolean(contentType && TEXT.test(contentType));
}

/** The cache key for a request, or null when it must not use the cache. */
export function cacheKey(method: string, url: string, cookie: string | undefined): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (cookie && OUR_COOKIE.test(cookie)) return null;
  const q = url.indexOf('?');
  const pathname = q >= 0 ? url.slice(0, q) : url;
  if (NEVER.test(pathname) || pathname.length > 200) return null;
  const allowed = QUERY_PARAMETERS[pathname];
  if (!allowed || q < 0) return pathname;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1));
  } catch {
    return null;
  }
  const kept = allowed
    .map((name) => [name, params.getAll(name)] as const)
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) =>
      values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`).join('&'),
    );
  return kept.length > 0 ? `${pathname}?${kept.join('&')}` : pathname;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts: brotli, then gzip, else none. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** One response in every encoding worth sending. */
export interface Encoded {
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/** Compresses a text body both ways; keeps a variant only when it is smaller. */
export function encodeBody(body: Buffer, contentType: string | null): Encoded {
  if (!isCompressible(contentType) || body.length < 256) return { identity: body };
  const gzip = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 9,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
    },
  });
  return {
    identity: body,
    ...(gzip.length < body.length ? { gzip } : {}),
    ...(br.length < body.length ? { br } : {}),
  };
}

export interface CachedResponse extends Encoded {
  status: number;
  /** Header names in lower case; no Set-Cookie, Content-Length or Content-Encoding. */
  headers: Record<string, string>;
  etag: string;
  tags: readonly CacheTag[];
}

interface Entry extends CachedResponse {
  bytes: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
  purged: number;
  entries: number;
  bytes: number;
}

/** An LRU of rendered responses, bounded by the bytes of all their variants. */
export class PageCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  /** Bumped by every purge: a render that began before it must not store what it read. */
  #generation = 0;
  readonly stats = { hits: 0, misses: 0, stores: 0, evictions: 0, purged: 0 };

  #off = false;

  readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Off when sized 0, or turned off because other processes' purges cannot be heard. */
  get enabled(): boolean {
    return this.maxBytes > 0 && !this.#off;
  }

  turnOff(): void {
    this.#off = true;
    this.purge(['all']);
  }

  get generation(): number {
    return this.#generation;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.#entries.get(key);
    if (!entry) {
      this.stats.misses++;
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.stats.hits++;
    return entry;
  }

  /** Stores a response rendered when the cache was at `generation`; false when it is out of date. */
  set(key: string, response: CachedResponse, generation: number): boolean {
    if (generation !== this.#generation || !this.enabled) return false;
    const bytes =
      key.length +
      response.identity.length +
      (response.gzip?.length ?? 0) +
      (response.br?.length ?? 0) +
      JSON.stringify(response.headers).length;
    if (bytes > this.maxBytes / 4) return false;
    this.#remove(key);
    this.#entries.set(key, { ...response, bytes });
    this.#bytes += bytes;
    this.stats.stores++;
    this.#evict();
    return true;
  }

  #evict(): void {
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#remove(oldest);
      this.stats.evictions++;
    }
  }

  /** Swaps an entry for a better-encoded copy of it, if it is still the one stored under `key`. */
  replace(key: string, current: CachedResponse, better: CachedResponse): boolean {
    const entry = this.#entries.get(key);
    if (!entry || entry.etag !== current.etag || entry.identity !== current.identity) return false;
    const bytes =
      entry.bytes -
      entry.identity.length +
      better.identity.length +
      (better.gzip?.length ?? 0) +
      (better.br?.length ?? 0);
    this.#entries.set(key, { ...better, bytes });
    this.#bytes += bytes - entry.bytes;
    this.#evict();
    return true;
  }

  /** Forgets every page tagged with one of `tags` (all pages for 'all'). */
  purge(tags: readonly (CacheTag | 'all')[]): number {
    this.#generation++;
    let n = 0;
    for (const [key, entry] of this.#entries) {
      if (tags.includes('all') || entry.tags.some((t) => tags.includes(t))) {
        this.#remove(key);
        n++;
      }
    }
    this.stats.purged += n;
    return n;
  }

  snapshot(): CacheStats {
    return { ...this.stats, entries: this.#entries.size, bytes: this.#bytes };
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

function configuredMaxBytes(): number {
  const mb = Number(process.env.PAGE_CACHE_MB);
  if (process.env.PAGE_CACHE_MB === '0') return 0;
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_BYTES;
}

/** The process's cache. `PAGE_CACHE_MB` sets its size (default 64); `0` turns it off. */
export const pageCache = new PageCache(configuredMaxBytes());

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

type Stored = { status: number; headers: Record<string, string>; etag: string } & Encoded;

/** Each stored response's header lists, built once per encoding (flat name, value, name, value…). */
const headerLists = new WeakMap<Stored, Map<string, string[]>>();

function headerList(
  response: Stored,
  encoding: Encoding | 'not-modified',
  extra: Record<string, string>,
): string[] {
  let lists = headerLists.get(response);
  if (!lists) {
    lists = new Map();
    headerLists.set(response, lists);
  }
  let list = lists.get(encoding);
  if (!list) {
    const headers: Record<string, string> = { ...response.headers, ...extra, etag: response.etag };
    if (response.gzip || response.br)
      headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    if (encoding === 'br' || encoding === 'gzip') headers['content-encoding'] = encoding;
    if (encoding !== 'not-modified') {
      const body = encoding === 'br' ? response.br : encoding === 'gzip' ? response.gzip : response.identity;
      headers['content-length'] = String(body?.length ?? 0);
    }
    list = Object.entries(headers).flat();
    lists.set(encoding, list);
  }
  return list;
}

/** Writes a stored response for the encoding the client accepts; 304 when it has it already. */
export function sendEncoded(
  req: IncomingMessage,
  res: ServerResponse,
  response: Stored,
  extra: Record<string, string> = {},
): void {
  if (response.status === 200 && req.headers['if-none-match'] === response.etag) {
    res.writeHead(304, headerList(response, 'not-modified', extra));
    res.end();
    return;
  }
  const wanted =
    response.gzip || response.br ? negotiateEncoding(req.headers['accept-encoding']) : 'identity';
  const encoding: Encoding =
    (wanted === 'br' && response.br && 'br') ||
    (wanted !== 'identity' && response.gzip && 'gzip') ||
    'identity';
  const body = encoding === 'br' ? response.br : encoding === 'gzip' ? response.gzip : response.identity;
  res.writeHead(response.status, headerList(response, encoding, extra));
  res.end(req.method === 'HEAD' ? undefined : body);
}

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
  const policy = response.headers.get('content-security-policy');
  if (policy && contentType?.startsWith('text/html'))
    response.headers.set('content-security-policy', keepPresentHashes(policy, body.toString('utf8')));
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
