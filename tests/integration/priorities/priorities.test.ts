// Ward priorities against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the seed,
// adding, editing, retiring and posting updates, ward scope on every change, the audit trail, the
// page cache purge, and the open data built from what is stored.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, wardPriorities, wards } from '../../../db/schema/index.ts';
import { seedDatabase } from '../../../db/seed.ts';
import { wardScope } from '../../../src/features/auth/ward-scope.ts';
import { prioritiesCsv, prioritiesJson } from '../../../src/features/priorities/open-data.ts';
import {
  createPriority,
  editPriority,
  getPriorityForStaff,
  listWardPriorities,
  listWardsForStaff,
  postPriorityUpdate,
  retirePriority,
} from '../../../src/features/priorities/priorities.server.ts';
import { MAX_CURRENT_PRIORITIES } from '../../../src/features/priorities/priorities.ts';
import { pageCache } from '../../../src/server/http/page-cache.ts';
import { outcomeCode } from '../../helpers/domain-code.ts';
import { cachedPage } from '../../helpers/page-cache.ts';
import { createStaff, type TestStaff } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb;
let liaison: TestStaff;
let officer: TestStaff;
let wardId: Record<string, number>;
/** A ward officer for Holloway only. */
let hollowayOnly: ReturnType<typeof wardScope>;

beforeAll(async () => {
  t = await createTestDb();
  await seedDatabase(t.db);
  wardId = Object.fromEntries((await t.db.select().from(wards)).map((w) => [w.slug, w.id]));
  liaison = await createStaff(t.db, 'liaison_officer');
  officer = await createStaff(t.db, 'ward_officer', { wardIds: [wardId.holloway as number] });
  hollowayOnly = wardScope({
    role: 'ward_officer',
    wards: [{ id: wardId.holloway as number, slug: 'holloway' }],
  });
});
afterAll(async () => {
  await t?.destroy();
});

const code = outcomeCode;
const input = (title: string) => ({
  title,
  reason: 'Residents at the panel asked for it.\n\nThe figures agree.',
  setOn: '2024-11-05',
});
const auditRows = (action: string, id: number) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.recordId, String(id))));

describe('the seed', () => {
  it('gives every one of the 37 wards three current priorities, each with a dated update', async () => {
    const all = await t.db.select({ slug: wards.slug }).from(wards);
    expect(all).toHaveLength(37);
    for (const { slug } of all) {
      const { current } = await listWardPriorities(t.db, slug);
      expect(current, slug).toHaveLength(3);
      for (const p of current) {
        expect(p.updates.length, `${slug}: ${p.title}`).toBeGreaterThanOrEqual(1);
        expect(`${p.title} ${p.reason} ${p.updates[0]?.body}`).not.toMatch(/undefined|null/);
      }
    }
  });

  it('gives a few wards past priorities with their outcome', async () => {
    const { past } = await listWardPriorities(t.db, 'bunhill');
    expect(past).toHaveLength(1);
    expect(past[0]?.outcome).toMatch(/Cowper Street/);
  });

  it('adds nothing when run again, and never touches what staff changed', async () => {
    const [seeded] = await t.db
      .select()
      .from(wardPriorities)
      .where(eq(wardPriorities.wardId, wardId.kilburn as number));
    await t.db
      .update(wardPriorities)
      .set({ reason: 'Edited by staff' })
      .where(eq(wardPriorities.id, seeded?.id as number));
    const before = await t.db.execute(sql`select count(*)::int as n from ward_priority_updates`);
    const { inserted } = await seedDatabase(t.db);
    expect(inserted.ward_priorities ?? 0).toBe(0);
    expect(inserted.ward_priority_updates ?? 0).toBe(0);
    expect(await t.db.execute(sql`select count(*)::int as n from ward_priority_updates`)).toEqual(before);
    const [after] = await t.db
      .select()
      .from(wardPriorities)
      .where(eq(wardPriorities.id, seeded?.id as number));
    expect(after?.reason).toBe('Edited by staff');
  });
});

describe('staff keeping a ward’s priorities', () => {
  it('adds, edits, updates and retires a priority, each change audited and shown at once', async () => {
    const id = await createPriority(t.db, 'holloway', input('Moped-enabled robbery'), liaison, 'all');
    expect((await auditRows('priority.create', id))[0]).toMatchObject({
      actorId: liaison.id,
      recordType: 'ward_priority',
    });
    let ward = await listWardPriorities(t.db, 'holloway');
    expect(ward.current.map((p) => p.title)).toContain('Moped-enabled robbery');

    expect(await editPriority(t.db, id, input('Moped robbery on Holloway Road'), liaison, 'all')).toBe(
      'holloway',
    );
    expect(await auditRows('priority.edit', id)).toHaveLength(1);

    await postPriorityUpdate(
      t.db,
      id,
      { updateDate: '2024-11-20', body: 'First **patrols**.' },
      liaison,
      'all',
    );
    await postPriorityUpdate(t.db, id, { updateDate: '2024-12-02', body: 'Two arrests.' }, liaison, 'all');
    expect(await auditRows('priority.update', id)).toHaveLength(2);
    ward = await listWardPriorities(t.db, 'holloway');
    const p = ward.current.find((x) => x.id === id);
    expect(p?.title).toBe('Moped robbery on Holloway Road');
    expect(p?.updates.map((u) => u.body)).toEqual(['Two arrests.', 'First **patrols**.']);

    expect(
      await code(retirePriority(t.db, id, { retiredOn: '2024-11-01', outcome: 'x' }, liaison, 'all')),
    ).toBe('retired_before_set');
    await retirePriority(t.db, id, { retiredOn: '2024-12-10', outcome: 'Robberies fell.' }, liaison, 'all');
    expect(await auditRows('priority.retire', id)).toHaveLength(1);
    ward = await listWardPriorities(t.db, 'holloway');
    expect(ward.current.map((x) => x.id)).not.toContain(id);
    expect(ward.past[0]).toMatchObject({ id, retiredOn: '2024-12-10', outcome: 'Robberies fell.' });

    // A past priority is a record: it is not changed or updated again.
    expect(await code(editPriority(t.db, id, input('Again'), liaison, 'all'))).toBe('retired');
    expect(
      await code(postPriorityUpdate(t.db, id, { updateDate: '2024-12-11', body: 'x' }, liaison, 'all')),
    ).toBe('retired');
    expect(
      await code(retirePriority(t.db, id, { retiredOn: '2024-12-11', outcome: 'x' }, liaison, 'all')),
    ).toBe('retired');
  });

  it('refuses an update dated before the priority was set', async () => {
    const [p] = (await listWardPriorities(t.db, 'arsenal')).current;
    expect(
      await code(
        postPriorityUpdate(t.db, p?.id as number, { updateDate: '2020-01-01', body: 'x' }, liaison, 'all'),
      ),
    ).toBe('update_before_set');
  });

  it(`refuses a ${MAX_CURRENT_PRIORITIES + 1}th current priority, and the same title twice on one date`, async () => {
    // Mildmay has 3 seeded.
    await createPriority(t.db, 'mildmay', input('Fourth'), liaison, 'all');
    expect(await code(createPriority(t.db, 'mildmay', input('Fourth'), liaison, 'all'))).toBe('duplicate');
    await createPriority(t.db, 'mildmay', input('Fifth'), liaison, 'all');
    expect(await code(createPriority(t.db, 'mildmay', input('Sixth'), liaison, 'all'))).toBe('too_many');
    expect((await listWardPriorities(t.db, 'mildmay')).current).toHaveLength(MAX_CURRENT_PRIORITIES);
  });

  it('refuses a ward that does not exist', async () => {
    expect(await code(createPriority(t.db, 'atlantis', input('x'), liaison, 'all'))).toBe('not_found');
  });
});

describe('ward scope', () => {
  it('lets a ward officer keep their own ward’s priorities', async () => {
    const id = await createPriority(t.db, 'holloway', input('Officer’s own'), officer, hollowayOnly);
    await postPriorityUpdate(t.db, id, { updateDate: '2024-11-06', body: 'Done.' }, officer, hollowayOnly);
    expect((await getPriorityForStaff(t.db, id, hollowayOnly))?.ward.slug).toBe('holloway');
    expect((await listWardsForStaff(t.db, hollowayOnly)).map((w) => w.slug)).toEqual(['holloway']);
    expect(await listWardsForStaff(t.db, 'all')).toHaveLength(37);
  });

  it('refuses every change to another ward’s priority as not found, and changes nothing', async () => {
    const [other] = (await listWardPriorities(t.db, 'bloomsbury')).current;
    const id = other?.id as number;
    const auditBefore = await t.db.select({ id: auditLog.id }).from(auditLog);
    expect(await getPriorityForStaff(t.db, id, hollowayOnly)).toBeNull();
    expect(await code(createPriority(t.db, 'bloomsbury', input('Not mine'), officer, hollowayOnly))).toBe(
      'not_found',
    );
    expect(await code(editPriority(t.db, id, input('Not mine'), officer, hollowayOnly))).toBe('not_found');
    expect(
      await code(
        postPriorityUpdate(t.db, id, { updateDate: '2024-12-20', body: 'Not mine' }, officer, hollowayOnly),
      ),
    ).toBe('not_found');
    expect(
      await code(
        retirePriority(t.db, id, { retiredOn: '2024-12-20', outcome: 'Not mine' }, officer, hollowayOnly),
      ),
    ).toBe('not_found');
    const after = (await listWardPriorities(t.db, 'bloomsbury')).current.find((p) => p.id === id);
    expect(after).toEqual(other);
    expect(await t.db.select({ id: auditLog.id }).from(auditLog)).toHaveLength(auditBefore.length);
  });

  it('gives a ward officer with no wards nothing', async () => {
    const none = wardScope({ role: 'ward_officer', wards: [] });
    expect(await listWardsForStaff(t.db, none)).toEqual([]);
    expect(await code(createPriority(t.db, 'holloway', input('None'), officer, none))).toBe('not_found');
  });
});

describe('the page cache', () => {
  it('forgets the ward pages and their open data as each change commits, and keeps the rest', async () => {
    const [p] = (await listWardPriorities(t.db, 'junction')).current;
    const id = p?.id as number;
    const changes: (() => Promise<unknown>)[] = [
      () => createPriority(t.db, 'junction', input('Cache test'), liaison, 'all'),
      () => editPriority(t.db, id, { ...input('Cache test 2'), setOn: p?.setOn as string }, liaison, 'all'),
      () => postPriorityUpdate(t.db, id, { updateDate: '2024-12-20', body: 'Cache.' }, liaison, 'all'),
      () => retirePriority(t.db, id, { retiredOn: '2024-12-21', outcome: 'Cache.' }, liaison, 'all'),
    ];
    for (const change of changes) {
      pageCache.set('/wards/junction', cachedPage(['wards', 'newsletter']), pageCache.generation);
      pageCache.set('/api/wards/junction/priorities.csv', cachedPage(['wards']), pageCache.generation);
      pageCache.set('/action-plan', cachedPage(['plan']), pageCache.generation);
      await change();
      expect(pageCache.get('/wards/junction')).toBeUndefined();
      expect(pageCache.get('/api/wards/junction/priorities.csv')).toBeUndefined();
      expect(pageCache.get('/action-plan')).toBeDefined();
    }
    pageCache.purge(['all']);
  });

  it('purges nothing when the change is refused', async () => {
    pageCache.set('/wards/junction', cachedPage(['wards']), pageCache.generation);
    expect(await code(createPriority(t.db, 'bloomsbury', input('x'), officer, hollowayOnly))).toBe(
      'not_found',
    );
    expect(pageCache.get('/wards/junction')).toBeDefined();
    pageCache.purge(['all']);
  });
});

describe('open data from what is stored', () => {
  it('escapes a formula typed by staff in the CSV and keeps it as typed in the JSON', async () => {
    const id = await createPriority(
      t.db,
      'tollington',
      { ...input('=cmd|calc'), reason: '@SUM(1)' },
      liaison,
      'all',
    );
    await postPriorityUpdate(
      t.db,
      id,
      { updateDate: '2024-11-30', body: '-1 incidents\tthis week' },
      liaison,
      'all',
    );
    const ward = { slug: 'tollington', name: 'Tollington', borough: { name: 'Islington' } };
    const stored = await listWardPriorities(t.db, 'tollington');
    const csv = prioritiesCsv(ward, stored);
    expect(csv.startsWith('\ufeffWard,Borough,Priority id')).toBe(true);
    expect(csv).toContain(`,'=cmd|calc,'@SUM(1),2024-11-05,,,1,2024-11-30,'-1 incidents\tthis week`);
    expect(csv.match(/\nTollington,Islington,/g)).toHaveLength(stored.current.length + stored.past.length);
    const json = JSON.parse(prioritiesJson(ward, stored, 'http://localhost/wards/tollington'));
    const item = json.current.find((p: { id: number }) => p.id === id);
    expect(item).toMatchObject({ title: '=cmd|calc', reason: '@SUM(1)', status: 'current' });
    expect(item.updates).toEqual([{ date: '2024-11-30', bodyMarkdown: '-1 incidents\tthis week' }]);
  });
});
