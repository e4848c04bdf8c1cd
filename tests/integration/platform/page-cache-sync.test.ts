// A staff write that changes public content purges the page cache in the writing process at once,
// and in every other process within a second (PostgreSQL NOTIFY; the embedded database is one
// process). Each "process" here is a page cache with its own database connection.
import { afterAll, describe, expect } from 'vitest';
import { createDb, type DbHandle } from '../../../db/client.ts';
import {
  createPlanUpdate,
  setPlanUpdatePublished,
} from '../../../src/features/action-plan/plan-updates.server.ts';
import { PageCache, pageCache } from '../../../src/server/http/page-cache.ts';
import { changingPublicContent, followPublicChanges } from '../../../src/server/http/public-changes.ts';
import { actorOf, seededTest as test } from '../../helpers/fixtures.ts';
import { cachedPage } from '../../helpers/page-cache.ts';

describe('purging public pages after a staff write', () => {
  test('forgets the pages that show plan updates in the writing process as soon as it commits', async ({
    liaisonOfficer: officer,
    db,
  }) => {
    const actor = actorOf(officer);
    const id = await createPlanUpdate(
      db,
      3,
      {
        updateDate: '2026-11-20',
        status: 'on_track',
        headline: 'Cache purge test',
        body: 'Body.',
        borough: 'camden',
        source: 'Test',
      },
      actor,
    );
    pageCache.set('/action-plan/3', cachedPage(['plan']), pageCache.generation);
    pageCache.set('/wards', cachedPage(['wards']), pageCache.generation);
    await setPlanUpdatePublished(db, 3, id, true, actor);
    expect(pageCache.get('/action-plan/3')).toBeUndefined();
    expect(pageCache.get('/wards')).toBeDefined();
    pageCache.purge(['all']);
  });

  test('does not purge when the write fails', async ({ db }) => {
    const cache = new PageCache(1_000_000);
    cache.set('/action-plan', cachedPage(['plan']), cache.generation);
    await expect(
      changingPublicContent(
        db,
        ['plan'],
        async () => {
          throw new Error('refused');
        },
        cache,
      ),
    ).rejects.toThrow('refused');
    expect(cache.get('/action-plan')).toBeDefined();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('another process (PostgreSQL)', () => {
  let other: DbHandle;
  let stop: (() => Promise<void>) | undefined;
  const otherCache = new PageCache(1_000_000);
  test.beforeAll(async ({ testDb }) => {
    other = await createDb({ url: testDb.url as string, maxConnections: 2 });
    stop = await followPublicChanges(other, otherCache);
  });
  afterAll(async () => {
    await stop?.();
    await other?.close();
  });

  test('learns of the change within a second of the commit', async ({ db }) => {
    otherCache.set('/action-plan', cachedPage(['plan']), otherCache.generation);
    otherCache.set('/performance', cachedPage(['performance']), otherCache.generation);
    await changingPublicContent(db, ['plan'], async () => undefined, new PageCache(1000));
    await expect.poll(() => otherCache.get('/action-plan'), { timeout: 1000, interval: 20 }).toBeUndefined();
    expect(otherCache.get('/performance')).toBeDefined();
  });
});
