// The page cache of the built server: public pages answered from memory after the first request,
// the same bytes in every encoding, junk query strings sharing one entry, nothing personal ever
// served from it, and a publish showing on the public page at once.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { planUpdateId, postStaffAction } from '../staff-actions.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

/** The raw body and headers, with no decoding by fetch (node:http). */
async function raw(path: string, headers: Record<string, string> = {}) {
  const { request } = await import('node:http');
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(baseURL + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page cache', () => {
  it('answers a public page from memory after the first request, with the same headers', async () => {
    const first = await raw('/wards');
    const second = await raw('/wards');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body.equals(first.body)).toBe(true);
    for (const name of [
      'content-security-policy',
      'cache-control',
      'content-type',
      'strict-transport-security',
    ]) {
      expect(second.headers[name], name).toBe(first.headers[name]);
    }
  });

  it('sends the same bytes in every encoding, negotiated', async () => {
    await raw('/performance');
    const plain = await raw('/performance');
    const gzip = await raw('/performance', { 'accept-encoding': 'gzip' });
    const br = await raw('/performance', { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    // Not cached (a staff page) but compressed all the same.
    const staff = await raw('/staff/login', { 'accept-encoding': 'br' });
    expect(staff.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(staff.body).toString()).toContain('Sign in');
  });

  it('answers a conditional request with 304', async () => {
    const first = await raw('/wards/bloomsbury');
    const again = await raw('/wards/bloomsbury');
    const etag = String(again.headers.etag ?? first.headers.etag);
    expect(etag).toMatch(/^"/);
    expect((await raw('/wards/bloomsbury', { 'if-none-match': etag })).status).toBe(304);
  });

  it('shares one entry among a thousand junk query strings', async () => {
    await raw('/wards/holloway');
    for (let i = 0; i < 1000; i += 100) {
      const res = await raw(`/wards/holloway?utm_source=junk${i}&n=${i}`);
      expect(res.headers['x-cache'], `junk ${i}`).toBe('hit');
    }
  });

  // Security review 2, item 5: the lookup (the raw request line, before Astro) and the store (Astro's
  // decoded URL) find the same key, so another spelling of a page is a hit, not a new render.
  it('finds a percent-encoded path and repeated or reordered parameters under the page’s one entry', async () => {
    await raw('/action-plan?pillar=less-crime&borough=camden');
    for (const spelling of [
      '/action-plan?pillar=less-crime&borough=camden',
      '/%61ction-plan?pillar=less-crime&borough=camden',
      '/action-plan?borough=camden&pillar=less-crime',
      '/action-plan?pillar=less-crime&pillar=more-trust&borough=camden&borough=islington',
      '/action-plan?pillar=less-crime&borough=camden&x=%22evil',
    ]) {
      const res = await raw(spelling);
      expect(res.headers['x-cache'], spelling).toBe('hit');
      expect(res.body.toString(), spelling).not.toContain('evil');
    }
    await raw('/%6Eewsletters?page=1&page=2');
    expect((await raw('/newsletters?page=1')).headers['x-cache']).toBe('hit');
  });

  it('never serves a staff page, or a page to someone with our cookie, from the cache', async () => {
    await raw('/staff/login');
    expect((await raw('/staff/login')).headers['x-cache']).toBeUndefined();
    await raw('/');
    expect((await raw('/')).headers['x-cache']).toBe('hit');
    // A flash message (or a draft, or a session) in play: the page is rendered for this visitor.
    expect((await raw('/', { cookie: 'cn_flash=x' })).headers['x-cache']).toBeUndefined();
    const staff = { cookie: `cn_staff=${fx.staff.admin.session}` };
    expect((await raw('/staff', staff)).headers['x-cache']).toBeUndefined();
    expect((await raw('/staff', staff)).headers['cache-control']).toBe('no-store');
  });

  it('serves built assets from memory, precompressed, with the security headers', async () => {
    const page = (await raw('/')).body.toString();
    const css = page.match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    const res = await raw(css as string, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('shows a publish on the public page at once', async () => {
    const headline = `Cache test ${Date.now()}`;
    const session = fx.staff.liaison_officer.session;
    const post = (name: string, fields: Record<string, string>) =>
      postStaffAction(session, `planUpdates.${name}`, fields);
    const created = await post('create', {
      actionNumber: '5',
      updateDate: '2026-11-30',
      status: 'on_track',
      headline,
      body: 'Now public.',
      borough: 'both',
      source: 'E2E',
    });
    expect(created.status).toBe(200);
    const id = await planUpdateId(session, 5, headline);
    expect(id).toBeDefined();
    // The public page is cached without it…
    await raw('/action-plan/5');
    const cached = await raw('/action-plan/5');
    expect(cached.headers['x-cache']).toBe('hit');
    expect(cached.body.toString()).not.toContain(headline);
    // …and shows it on the next request after the publish.
    expect((await post('publish', { actionNumber: '5', id: String(id) })).status).toBe(200);
    const after = await raw('/action-plan/5');
    expect(after.headers['x-cache']).not.toBe('hit');
    expect(after.body.toString()).toContain(headline);
  });
});
