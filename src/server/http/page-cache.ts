// Rendered public pages, kept in this process so a repeat request is answered before Astro runs
// (the Node adapter's server asks page-cache-hook.ts, see astro.config.mjs). Keyed by path and only
// the query parameters a page reads; bounded by bytes (least recently used goes first); each entry
// holds its identity, gzip and brotli bodies (compression.ts). A staff write that changes public
// content purges the pages that show it, by tag, here and — through PostgreSQL NOTIFY — in every
// other process.
import type { Encoded } from './compression.ts';

/** What a public page shows: a write that changes one of these purges the pages tagged with it. */
export type CacheTag = 'plan' | 'wards' | 'performance' | 'newsletter' | 'static' | 'events';

/**
 * The query parameters each page reads, each with the values it accepts as written; every other
 * parameter is dropped from the key (the page ignores it, so the bytes are the same) and cannot
 * create an entry. A page reads the first of repeated values, and so does the key. A value not in
 * its accepted form (`page=02`, an unknown pillar) makes the request uncacheable, so no one can
 * make endless entries of the same page. A page that reads a parameter must be listed here: a test
 * scans the pages for `searchParams` and checks.
 */
export const QUERY_PARAMETERS: Readonly<Record<string, Readonly<Record<string, RegExp>>>> = {
  '/action-plan': {
    pillar: /^(more-trust|less-crime|high-standards)$/,
    borough: /^(camden|islington)$/,
  },
  '/newsletters': { page: /^[1-9]\d{0,5}$/ },
  '/events/past': { page: /^[1-9]\d{0,5}$/ },
  '/get-involved/youth-forum/age': { too: /^(young|old)$/ },
};

/** Paths never served from or stored in the cache (pages for one person, endpoints with effects). */
const NEVER = /^\/(staff|_actions|_image|api\/email)(\/|$)/;

/**
 * Requests carrying one of our cookies (a flash message, a draft, a session) always reach Astro. Not
 * the staff device cookie: only sign-in (never cached) reads it, and it lasts 180 days.
 */
const OUR_COOKIE = /(?:^|;\s*)(?:__Host-)?cn_(?!device=)[a-z_]*=/;

/**
 * The cache key for a request, or null when it must not use the cache. The same for the raw request
 * line (the lookup, before Astro) and Astro's decoded URL (the store): the path is percent-decoded,
 * so `/%61ction-plan` is `/action-plan`; a path that decodes to `?`, `#` or `%` is never cached.
 */
export function cacheKey(method: string, url: string, cookie: string | undefined): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (cookie && OUR_COOKIE.test(cookie)) return null;
  const q = url.indexOf('?');
  let pathname: string;
  try {
    pathname = decodeURIComponent(q >= 0 ? url.slice(0, q) : url);
  } catch {
    return null;
  }
  if (/[?#%\\]/.test(pathname) || [...pathname].some((c) => c < ' ')) return null;
  if (NEVER.test(pathname) || pathname.length > 200) return null;
  const accepted = QUERY_PARAMETERS[pathname];
  if (!accepted || q < 0) return pathname;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept: string[] = [];
  for (const [name, form] of Object.entries(accepted)) {
    const value = params.get(name);
    if (value === null) continue;
    if (!form.test(value)) return null;
    kept.push(`${name}=${value}`);
  }
  return kept.length > 0 ? `${pathname}?${kept.join('&')}` : pathname;
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
