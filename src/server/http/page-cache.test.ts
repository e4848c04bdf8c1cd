import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBody, negotiateEncoding } from './compression.ts';
import { type CachedResponse, cacheKey, PageCache, QUERY_PARAMETERS } from './page-cache.ts';
import { finishResponse } from './page-cache-hook.ts';
import { tagsFromNotification } from './public-changes.ts';

const page = (body: string, tags: CachedResponse['tags'] = ['plan']): CachedResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  etag: '"x"',
  tags,
  identity: Buffer.from(body),
});

describe('cache keys', () => {
  it('keep only the query parameters a page reads, so junk cannot make new entries', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 1000; i++)
      keys.add(cacheKey('GET', `/wards?utm_source=${i}&x=${'y'.repeat(i % 7)}`, undefined) ?? '');
    expect([...keys]).toEqual(['/wards']);
    expect(cacheKey('GET', '/action-plan?junk=1&borough=camden&pillar=more-trust', undefined)).toBe(
      '/action-plan?pillar=more-trust&borough=camden',
    );
    expect(cacheKey('GET', '/action-plan?borough=camden&pillar=more-trust', undefined)).toBe(
      '/action-plan?pillar=more-trust&borough=camden',
    );
    expect(cacheKey('HEAD', '/action-plan?junk=2', undefined)).toBe('/action-plan');
  });

  it('are one per page whatever the spelling: decoded paths, first values, accepted forms only', () => {
    // The raw request line (the lookup) and Astro's decoded URL (the store) give the same key.
    expect(cacheKey('GET', '/%61ction-plan', undefined)).toBe('/action-plan');
    expect(cacheKey('GET', '/action-plan', undefined)).toBe('/action-plan');
    expect(cacheKey('GET', '/%73taff/login', undefined)).toBeNull();
    expect(cacheKey('GET', '/newsletters%3Fpage=2', undefined)).toBeNull();
    expect(cacheKey('GET', '/%E0%A4%A', undefined)).toBeNull();
    // Repeated parameters: the page reads the first, and so does the key.
    expect(cacheKey('GET', '/newsletters?page=2&page=3', undefined)).toBe('/newsletters?page=2');
    // A value in a form the page does not write is served, but never stored.
    expect(cacheKey('GET', '/newsletters?page=02', undefined)).toBeNull();
    expect(cacheKey('GET', '/action-plan?pillar=More-Trust', undefined)).toBeNull();
    const keys = new Set<string>();
    for (let i = 0; i < 100; i++)
      keys.add(String(cacheKey('GET', `/newsletters?page=${'0'.repeat(i)}2`, undefined)));
    expect([...keys].filter((k) => k !== 'null')).toEqual(['/newsletters?page=2']);
  });

  it('are refused for other methods, staff and action paths, and requests with our cookies', () => {
    expect(cacheKey('POST', '/action-plan', undefined)).toBeNull();
    expect(cacheKey('GET', '/staff', undefined)).toBeNull();
    expect(cacheKey('GET', '/staff/login', undefined)).toBeNull();
    expect(cacheKey('GET', '/_actions/auth.login', undefined)).toBeNull();
    expect(cacheKey('GET', '/api/email/webhook', undefined)).toBeNull();
    expect(cacheKey('GET', '/', 'cn_flash=abc')).toBeNull();
    expect(cacheKey('GET', '/', 'theme=dark; __Host-cn_staff=abc')).toBeNull();
    expect(cacheKey('GET', '/', 'theme=dark')).toBe('/');
    expect(cacheKey('GET', '/', 'theme=dark; __Host-cn_device=abc')).toBe('/');
    expect(cacheKey('GET', '/', '__Host-cn_device=abc; __Host-cn_staff=abc')).toBeNull();
  });

  it('cover every public page that reads the query string', () => {
    // A page for one visitor (`private`) is never stored, whatever it reads.
    const readsQuery = (source: string) =>
      /searchParams|queryState\(|url\.search\b/.test(source) && !/locals\.private = true/.test(source);
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'staff') walk(full);
        } else if (/\.(astro|ts)$/.test(entry.name) && readsQuery(readFileSync(full, 'utf8'))) {
          readers.push(`/${path.relative('src/pages', full).replace(/(\/index)?\.(astro|ts)$/, '')}`);
        }
      }
    };
    walk('src/pages');
    expect(readers.filter((r) => !(r in QUERY_PARAMETERS))).toEqual([]);
  });
});

describe('encodings', () => {
  it('prefer brotli, then gzip, honouring q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBe('identity');
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('*')).toBe('br');
  });

  it('decode to the same bytes', () => {
    const html = Buffer.from(`<!doctype html><p>${'Camden and Islington, ward by ward. '.repeat(200)}</p>`);
    const encoded = encodeBody(html, 'text/html; charset=utf-8');
    expect(encoded.gzip && gunzipSync(encoded.gzip).equals(html)).toBe(true);
    expect(encoded.br && brotliDecompressSync(encoded.br).equals(html)).toBe(true);
    expect((encoded.br?.length ?? Infinity) < html.length / 5).toBe(true);
    expect(encodeBody(Buffer.from([1, 2, 3]), 'image/png')).toEqual({ identity: Buffer.from([1, 2, 3]) });
  });
});

describe('the page cache', () => {
  it('evicts the least recently used page when over its size', () => {
    const cache = new PageCache(8000); // four of these pages
    cache.set('/a', page('a'.repeat(1800)), cache.generation);
    cache.set('/b', page('b'.repeat(1800)), cache.generation);
    cache.get('/a');
    cache.set('/c', page('c'.repeat(1800)), cache.generation);
    cache.set('/d', page('d'.repeat(1800)), cache.generation);
    expect(cache.snapshot().evictions).toBe(0);
    cache.set('/e', page('e'.repeat(1800)), cache.generation);
    expect(cache.snapshot().bytes).toBeLessThanOrEqual(8000);
    expect(cache.get('/a')).toBeDefined();
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.snapshot().evictions).toBeGreaterThan(0);
  });

  it('purges by tag, and refuses what was rendered before a purge', () => {
    const cache = new PageCache(1_000_000);
    cache.set('/action-plan', page('plan', ['plan']), cache.generation);
    cache.set('/wards', page('wards', ['wards']), cache.generation);
    const before = cache.generation;
    expect(cache.purge(['plan'])).toBe(1);
    expect(cache.get('/action-plan')).toBeUndefined();
    expect(cache.get('/wards')).toBeDefined();
    // A render that began before the purge read the old content: it is not stored.
    expect(cache.set('/action-plan', page('old plan'), before)).toBe(false);
    expect(cache.purge(['all'])).toBe(1);
  });

  it('reads unknown notifications as "purge everything"', () => {
    expect(tagsFromNotification('plan,wards')).toEqual(['plan', 'wards']);
    expect(tagsFromNotification('plan,nonsense')).toEqual(['all']);
    expect(tagsFromNotification('')).toEqual(['all']);
  });
});

describe('finishing a response', () => {
  const html = `<!doctype html><p>${'A public page. '.repeat(100)}</p>`;
  const base = { generation: 0, tags: ['plan'] as const, acceptEncoding: 'gzip', method: 'GET' };
  const response = (headers: Record<string, string> = {}) =>
    new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

  it('stores a public page and sends the encoding asked for', async () => {
    const cache = new PageCache(1_000_000);
    const out = await finishResponse(response(), { ...base, key: '/p', cacheable: true }, cache);
    expect(out.headers.get('content-encoding')).toBe('gzip');
    expect(out.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await out.arrayBuffer())).toString()).toBe(html);
    expect(cache.get('/p')?.identity.toString()).toBe(html);
    // The small encodings follow once the response has gone.
    await new Promise((resolve) => setImmediate(resolve));
    const stored = cache.get('/p');
    expect(stored?.br && brotliDecompressSync(stored.br).toString()).toBe(html);
    expect(stored?.gzip && gunzipSync(stored.gzip).toString()).toBe(html);
  });

  it('never stores what is not cacheable, but still compresses it', async () => {
    const cache = new PageCache(1_000_000);
    const out = await finishResponse(response(), { ...base, key: '/p', cacheable: false }, cache);
    expect(out.headers.get('content-encoding')).toBe('gzip');
    expect(cache.snapshot().entries).toBe(0);
    const head = await finishResponse(
      response(),
      { ...base, key: '/p', cacheable: true, method: 'HEAD' },
      cache,
    );
    expect(head.headers.get('content-encoding')).toBeNull();
    expect(cache.snapshot().entries).toBe(0);
  });

  it('leaves Cross-Origin-Opener-Policy off a public page that runs no script, and on everything else', async () => {
    const coop = { 'cross-origin-opener-policy': 'same-origin' };
    const cache = new PageCache(1_000_000);
    const content = await finishResponse(response(coop), { ...base, key: '/c', cacheable: true }, cache);
    expect(content.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(cache.get('/c')?.headers['cross-origin-opener-policy']).toBeUndefined();
    const island = new Response(`${html}<script type="module" src="/_astro/x.js"></script>`, {
      headers: { 'content-type': 'text/html; charset=utf-8', ...coop },
    });
    const withScript = await finishResponse(island, { ...base, key: '/i', cacheable: true }, cache);
    expect(withScript.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const own = await finishResponse(response(coop), { ...base, key: null, cacheable: false }, cache);
    expect(own.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});
