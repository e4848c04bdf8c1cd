// A staff write that changes public content purges the page cache in the writing process at once,
// and in every other process within a second (PostgreSQL NOTIFY; the embedded database is one
// process). Each "process" here is a page cache with its own database connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../../db/client.ts';
import { seedDatabase } from '../../../db/seed.ts';
import {
  createPlanUpdate,
  setPlanUpdatePublished,
} from '../../../src/features/action-plan/plan-updates.server.ts';
import { PageCache, pageCache } from '../../../src/server/http/page-cache.ts';
import { changingPublicContent, followPublicChanges } from '../../../src/server/http/public-changes.ts';
import { cachedPage } from '../../helpers/page-cache.ts';
import { createStaff } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDatabase(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

describe('purging public pages after a staff write', () => {
  it('forgets the pages that show plan updates in the writing process as soon as it commits', async () => {
    const officer = await createStaff(t.db, 'liaison_officer');
    const actor = { id: officer.id, email: officer.email };
    const id = await createPlanUpdate(
      t.db,
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
    await setPlanUpdatePublished(t.db, 3, id, true, actor);
    expect(pageCache.get('/action-plan/3')).toBeUndefined();
    expect(pageCache.get('/wards')).toBeDefined();
    pageCache.purge(['all']);
  });

  it('does not purge when the write fails', async () => {
    const cache = new PageCache(1_000_000);
    cache.set('/action-plan', cachedPage(['plan']), cache.generation);
    await expect(
      changingPublicContent(
        t.db,
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
  beforeAll(async () => {
    other = await createDb({ url: t.url as string, maxConnections: 2 });
    stop = await followPublicChanges(other, otherCache);
  });
  afterAll(async () => {
    await stop?.();
    await other?.close();
  });

  it('learns of the change within a second of the commit', async () => {
    otherCache.set('/action-plan', cachedPage(['plan']), otherCache.generation);
    otherCache.set('/performance', cachedPage(['performance']), otherCache.generation);
    await changingPublicContent(t.db, ['plan'], async () => undefined, new PageCache(1000));
    await expect.poll(() => otherCache.get('/action-plan'), { timeout: 1000, interval: 20 }).toBeUndefined();
    expect(otherCache.get('/performance')).toBeDefined();
  });
});
