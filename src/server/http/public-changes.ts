// A staff write that changes what public pages show: the pages are purged from this process's
// cache once the write has committed, and every other process is told in the same transaction
// (PostgreSQL NOTIFY, delivered at commit) — each forgets them within a moment of the commit.
import { sql } from 'drizzle-orm';
import type { Db, DbHandle, Tx } from '../../../db/client.ts';
import { type CacheTag, type PageCache, pageCache } from './page-cache.ts';

export const PAGE_CACHE_CHANNEL = 'cn_page_cache';
const TAGS: readonly (CacheTag | 'all')[] = [
  'plan',
  'wards',
  'performance',
  'newsletter',
  'static',
  'events',
  'all',
];

/** Runs `write` in a transaction that also announces the change; purges here after it commits. */
export async function changingPublicContent<T>(
  db: Db,
  tags: readonly CacheTag[],
  write: (tx: Tx) => Promise<T>,
  cache: PageCache = pageCache,
): Promise<T> {
  const result = await db.transaction(async (tx) => {
    const value = await write(tx);
    await tx.execute(sql`select pg_notify(${PAGE_CACHE_CHANNEL}, ${tags.join(',')})`);
    return value;
  });
  cache.purge(tags);
  return result;
}

/** The tags a notification names; anything unknown means "everything". */
export function tagsFromNotification(payload: string): (CacheTag | 'all')[] {
  const tags = payload.split(',').filter(Boolean);
  return tags.length > 0 && tags.every((t) => (TAGS as readonly string[]).includes(t))
    ? (tags as (CacheTag | 'all')[])
    : ['all'];
}

/**
 * Purges on every other process's announcements (PostgreSQL only: the embedded database is one
 * process). On each (re)connection everything is purged, since announcements may have been missed.
 */
export async function followPublicChanges(
  handle: Pick<DbHandle, 'listen' | 'kind'>,
  cache: PageCache = pageCache,
): Promise<(() => Promise<void>) | undefined> {
  if (handle.kind === 'pglite') return undefined;
  return handle.listen(
    PAGE_CACHE_CHANNEL,
    (payload) => cache.purge(tagsFromNotification(payload)),
    () => cache.purge(['all']),
  );
}
