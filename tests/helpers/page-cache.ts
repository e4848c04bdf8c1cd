// A page as the page cache holds it, for tests that check what a staff write purges.
import type { CachedResponse } from '../../src/server/http/page-cache.ts';

export const cachedPage = (tags: CachedResponse['tags']): CachedResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  etag: '"e"',
  tags,
  identity: Buffer.from('<p>cached</p>'),
});
