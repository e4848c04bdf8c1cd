// Ward priorities against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the seed,
// adding, editing, retiring and posting updates, ward scope on every change, the audit trail, the
// page cache purge, and the open data built from what is stored.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, wardPriorities, wards } from '../../../db/schema/index.ts';
import { seedDatabase } from '../../../db/seed.ts';
import { wardScope } from '../../../src/features/auth/ward-scope.ts';
import { prioritiesCsv, prioritiesJson } from '../../../src/features/priorities/open-data.ts';
import {
  correctPriorityUpdate,
  createPriority,
  editPriority,
  getPriorityForStaff,
  listWardPriorities,
  listWardsForStaff,
  postPriorityUpdate,
  removePriorityUpdate,
  retirePriority,
} from '../../../src/features/priorities/priorities.server.ts';
import { MAX_CURRENT_PRIORITIES } from '../../../src/features/priorities/priorities.ts';
import { pageCache } from '../../../src/server/http/page-cache.ts';
import { outcomeCode } from '../../helpers/domain-code.ts';
import { createWardOfficer, scopeOf, seededTest } from '../../helpers/fixtures.ts';
import { cachedPage } from '../../helpers/page-cache.ts';

/** A ward officer for Holloway only. */
const test = seededTest.extend('hollowayOfficer', { scope: 'file' }, ({ db }) =>
  createWardOfficer(db, ['holloway']),
);

const code = outcomeCode;
const input = (title: string) => ({
  title,
  reason: 'Residents at the panel asked for it.\n\nThe figures agree.',
  setOn: '2024-11-05',
});
const auditRows = (db: Db, action: string, id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.recordId, String(id))));

describe('the seed', () => {
  test('gives every one of the 37 wards three current priorities, each with a dated update', async ({
    db,
  }) => {
    const all = await db.select({ slug: wards.slug }).from(wards);
    expect(all).toHaveLength(37);
    for (const { slug } of all) {
      const { current } = await listWardPriorities(db, slug);
      expect(current, slug).toHaveLength(3);
      for (const p of current) {
        expect(p.updates.length, `${slug}: ${p.title}`).toBeGreaterThanOrEqual(1);
        expect(`${p.title} ${p.reason} ${p.updates[0]?.body}`).not.toMatch(/undefined|null/);
      }
    }
  });

  test('gives a few wards past priorities with their outcome', async ({ db }) => {
    const { past } = await listWardPriorities(db, 'bunhill');
    expect(past).toHaveLength(1);
    expect(past[0]?.outcome).toMatch(/Cowper Street/);
  });

  test('adds nothing when run again, and never touches what staff changed', async ({ db, wardId }) => {
    const [seeded] = await db
      .select()
      .from(wardPriorities)
      .where(eq(wardPriorities.wardId, wardId('kilburn')));
    await db
      .update(wardPriorities)
      .set({ reason: 'Edited by staff' })
      .where(eq(wardPriorities.id, seeded?.id as number));
    const before = await db.execute(sql`select count(*)::int as n from ward_priority_updates`);
    const { inserted } = await seedDatabase(db);
    expect(inserted.ward_priorities ?? 0).toBe(0);
    expect(inserted.ward_priority_updates ?? 0).toBe(0);
    expect(await db.execute(sql`select count(*)::int as n from ward_priority_updates`)).toEqual(before);
    const [after] = await db
      .select()
      .from(wardPriorities)
      .where(eq(wardPriorities.id, seeded?.id as number));
    expect(after?.reason).toBe('Edited by staff');
  });
});

describe('staff keeping a ward’s priorities', () => {
  test('adds, edits, updates and retires a priority, each change audited and shown at once', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    const id = await createPriority(db, 'holloway', input('Moped-enabled robbery'), liaison, 'all');
    expect((await auditRows(db, 'priority.create', id))[0]).toMatchObject({
      actorId: liaison.id,
      recordType: 'ward_priority',
    });
    let ward = await listWardPriorities(db, 'holloway');
    expect(ward.current.map((p) => p.title)).toContain('Moped-enabled robbery');

    expect(await editPriority(db, id, input('Moped robbery on Holloway Road'), liaison, 'all')).toBe(
      'holloway',
    );
    expect(await auditRows(db, 'priority.edit', id)).toHaveLength(1);

    await postPriorityUpdate(
      db,
      id,
      { updateDate: '2024-11-20', body: 'First **patrols**.' },
      liaison,
      'all',
    );
    await postPriorityUpdate(db, id, { updateDate: '2024-12-02', body: 'Two arrests.' }, liaison, 'all');
    expect(await auditRows(db, 'priority.update', id)).toHaveLength(2);
    ward = await listWardPriorities(db, 'holloway');
    const p = ward.current.find((x) => x.id === id);
    expect(p?.title).toBe('Moped robbery on Holloway Road');
    expect(p?.updates.map((u) => u.body)).toEqual(['Two arrests.', 'First **patrols**.']);

    expect(
      await code(retirePriority(db, id, { retiredOn: '2024-11-01', outcome: 'x' }, liaison, 'all')),
    ).toBe('retired_before_set');
    await retirePriority(db, id, { retiredOn: '2024-12-10', outcome: 'Robberies fell.' }, liaison, 'all');
    expect(await auditRows(db, 'priority.retire', id)).toHaveLength(1);
    ward = await listWardPriorities(db, 'holloway');
    expect(ward.current.map((x) => x.id)).not.toContain(id);
    expect(ward.past[0]).toMatchObject({ id, retiredOn: '2024-12-10', outcome: 'Robberies fell.' });

    // A past priority is a record: it is not changed or updated again.
    expect(await code(editPriority(db, id, input('Again'), liaison, 'all'))).toBe('retired');
    expect(
      await code(postPriorityUpdate(db, id, { updateDate: '2024-12-11', body: 'x' }, liaison, 'all')),
    ).toBe('retired');
    expect(
      await code(retirePriority(db, id, { retiredOn: '2024-12-11', outcome: 'x' }, liaison, 'all')),
    ).toBe('retired');
  });

  test('corrects a posted update, marked as corrected, and removes one; the audit keeps what residents had read', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    const id = await createPriority(db, 'holloway', input('Cycle theft at the station'), liaison, 'all');
    await postPriorityUpdate(db, id, { updateDate: '2024-11-20', body: 'Three arests.' }, liaison, 'all');
    await postPriorityUpdate(db, id, { updateDate: '2024-11-27', body: 'Wrong priority.' }, liaison, 'all');
    const posted = (await getPriorityForStaff(db, id, 'all'))?.updates ?? [];
    const [wrong, typo] = posted;
    const correct = (updateId: number | undefined, updateDate: string, body: string) =>
      correctPriorityUpdate(db, id, updateId as number, { updateDate, body }, liaison, 'all');
    const remove = (updateId: number | undefined) =>
      removePriorityUpdate(db, id, updateId as number, liaison, 'all');
    expect(typo?.correctedAt).toBeNull();

    // Sent back unchanged: nothing is marked corrected.
    await correct(typo?.id, '2024-11-20', 'Three arests.');
    expect((await getPriorityForStaff(db, id, 'all'))?.updates[1]?.correctedAt).toBeNull();

    const before = Date.now();
    expect(await correct(typo?.id, '2024-11-21', 'Three arrests.')).toBe('holloway');
    let updates = (await listWardPriorities(db, 'holloway')).current.find((p) => p.id === id)?.updates ?? [];
    const corrected = updates.find((u) => u.id === typo?.id);
    expect(corrected).toMatchObject({ updateDate: '2024-11-21', body: 'Three arrests.' });
    expect(corrected?.correctedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audits = await auditRows(db, 'priority.update_correct', id);
    expect(audits.map((a) => a.details)).toEqual([
      { ward: 'holloway', update: typo?.id, unchanged: true },
      { ward: 'holloway', update: typo?.id, before: { updateDate: '2024-11-20', body: 'Three arests.' } },
    ]);

    await remove(wrong?.id);
    updates = (await listWardPriorities(db, 'holloway')).current.find((p) => p.id === id)?.updates ?? [];
    expect(updates.map((u) => u.id)).toEqual([typo?.id]);
    expect((await auditRows(db, 'priority.update_remove', id))[0]?.details).toEqual({
      ward: 'holloway',
      update: wrong?.id,
      before: { updateDate: '2024-11-27', body: 'Wrong priority.' },
    });
    expect(await code(remove(wrong?.id))).toBe('update_not_found');
    expect(await code(correct(typo?.id, '2020-01-01', 'x'))).toBe('update_before_set');

    // An update of another priority, named through this one, is not found.
    const [other] = (await listWardPriorities(db, 'holloway')).current.filter((p) => p.id !== id);
    const othersUpdate = other?.updates[0]?.id as number;
    expect(await code(remove(othersUpdate))).toBe('update_not_found');
    expect(await code(correct(othersUpdate, '2024-11-22', 'x'))).toBe('update_not_found');
    expect((await listWardPriorities(db, 'holloway')).current.find((p) => p.id === other?.id)).toEqual(other);

    // A past priority is a record: its updates stay as they were.
    await retirePriority(db, id, { retiredOn: '2024-12-10', outcome: 'Fewer thefts.' }, liaison, 'all');
    expect(await code(correct(typo?.id, '2024-11-21', 'Later.'))).toBe('retired');
    expect(await code(remove(typo?.id))).toBe('retired');
  });

  test('refuses an update dated before the priority was set', async ({ db, liaisonOfficer: liaison }) => {
    const [p] = (await listWardPriorities(db, 'arsenal')).current;
    expect(
      await code(
        postPriorityUpdate(db, p?.id as number, { updateDate: '2020-01-01', body: 'x' }, liaison, 'all'),
      ),
    ).toBe('update_before_set');
  });

  test(`refuses a ${MAX_CURRENT_PRIORITIES + 1}th current priority, and the same title twice on one date`, async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    // Mildmay has 3 seeded.
    await createPriority(db, 'mildmay', input('Fourth'), liaison, 'all');
    expect(await code(createPriority(db, 'mildmay', input('Fourth'), liaison, 'all'))).toBe('duplicate');
    await createPriority(db, 'mildmay', input('Fifth'), liaison, 'all');
    expect(await code(createPriority(db, 'mildmay', input('Sixth'), liaison, 'all'))).toBe('too_many');
    expect((await listWardPriorities(db, 'mildmay')).current).toHaveLength(MAX_CURRENT_PRIORITIES);
  });

  test('refuses a ward that does not exist', async ({ db, liaisonOfficer: liaison }) => {
    expect(await code(createPriority(db, 'atlantis', input('x'), liaison, 'all'))).toBe('not_found');
  });
});

describe('ward scope', () => {
  test('lets a ward officer keep their own ward’s priorities', async ({ db, hollowayOfficer: officer }) => {
    const id = await createPriority(db, 'holloway', input('Officer’s own'), officer, scopeOf(officer));
    await postPriorityUpdate(db, id, { updateDate: '2024-11-06', body: 'Done.' }, officer, scopeOf(officer));
    expect((await getPriorityForStaff(db, id, scopeOf(officer)))?.ward.slug).toBe('holloway');
    expect((await listWardsForStaff(db, scopeOf(officer))).map((w) => w.slug)).toEqual(['holloway']);
    expect(await listWardsForStaff(db, 'all')).toHaveLength(37);
  });

  test('refuses every change to another ward’s priority as not found, and changes nothing', async ({
    db,
    hollowayOfficer: officer,
  }) => {
    const [other] = (await listWardPriorities(db, 'bloomsbury')).current;
    const id = other?.id as number;
    const auditBefore = await db.select({ id: auditLog.id }).from(auditLog);
    expect(await getPriorityForStaff(db, id, scopeOf(officer))).toBeNull();
    expect(await code(createPriority(db, 'bloomsbury', input('Not mine'), officer, scopeOf(officer)))).toBe(
      'not_found',
    );
    expect(await code(editPriority(db, id, input('Not mine'), officer, scopeOf(officer)))).toBe('not_found');
    expect(
      await code(
        postPriorityUpdate(db, id, { updateDate: '2024-12-20', body: 'Not mine' }, officer, scopeOf(officer)),
      ),
    ).toBe('not_found');
    expect(
      await code(
        retirePriority(db, id, { retiredOn: '2024-12-20', outcome: 'Not mine' }, officer, scopeOf(officer)),
      ),
    ).toBe('not_found');
    const update = other?.updates[0]?.id as number;
    expect(
      await code(
        correctPriorityUpdate(
          db,
          id,
          update,
          { updateDate: '2024-12-20', body: 'Not mine' },
          officer,
          scopeOf(officer),
        ),
      ),
    ).toBe('not_found');
    expect(await code(removePriorityUpdate(db, id, update, officer, scopeOf(officer)))).toBe('not_found');
    const after = (await listWardPriorities(db, 'bloomsbury')).current.find((p) => p.id === id);
    expect(after).toEqual(other);
    expect(await db.select({ id: auditLog.id }).from(auditLog)).toHaveLength(auditBefore.length);
  });

  test('gives a ward officer with no wards nothing', async ({ db, hollowayOfficer: officer }) => {
    const none = wardScope({ role: 'ward_officer', wards: [] });
    expect(await listWardsForStaff(db, none)).toEqual([]);
    expect(await code(createPriority(db, 'holloway', input('None'), officer, none))).toBe('not_found');
  });
});

describe('the page cache', () => {
  test('forgets the ward pages and their open data as each change commits, and keeps the rest', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    const [p] = (await listWardPriorities(db, 'junction')).current;
    const id = p?.id as number;
    const seededUpdate = p?.updates[0]?.id as number;
    const changes: (() => Promise<unknown>)[] = [
      () => createPriority(db, 'junction', input('Cache test'), liaison, 'all'),
      () => editPriority(db, id, { ...input('Cache test 2'), setOn: p?.setOn as string }, liaison, 'all'),
      () => postPriorityUpdate(db, id, { updateDate: '2024-12-20', body: 'Cache.' }, liaison, 'all'),
      () =>
        correctPriorityUpdate(
          db,
          id,
          seededUpdate,
          { updateDate: '2024-12-19', body: 'Cache.' },
          liaison,
          'all',
        ),
      () => removePriorityUpdate(db, id, seededUpdate, liaison, 'all'),
      () => retirePriority(db, id, { retiredOn: '2024-12-21', outcome: 'Cache.' }, liaison, 'all'),
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

  test('purges nothing when the change is refused', async ({ db, hollowayOfficer: officer }) => {
    pageCache.set('/wards/junction', cachedPage(['wards']), pageCache.generation);
    expect(await code(createPriority(db, 'bloomsbury', input('x'), officer, scopeOf(officer)))).toBe(
      'not_found',
    );
    expect(pageCache.get('/wards/junction')).toBeDefined();
    pageCache.purge(['all']);
  });
});

describe('open data from what is stored', () => {
  test('escapes a formula typed by staff in the CSV and keeps it as typed in the JSON', async ({
    db,
    liaisonOfficer: liaison,
  }) => {
    const id = await createPriority(
      db,
      'tollington',
      { ...input('=cmd|calc'), reason: '@SUM(1)' },
      liaison,
      'all',
    );
    await postPriorityUpdate(
      db,
      id,
      { updateDate: '2024-11-30', body: '-1 incidents\tthis week' },
      liaison,
      'all',
    );
    const ward = { slug: 'tollington', name: 'Tollington', borough: { name: 'Islington' } };
    const stored = await listWardPriorities(db, 'tollington');
    const csv = prioritiesCsv(ward, stored);
    expect(csv.startsWith('\ufeffWard,Borough,Priority id')).toBe(true);
    expect(csv).toContain(`,'=cmd|calc,'@SUM(1),2024-11-05,,,1,2024-11-30,'-1 incidents\tthis week`);
    expect(csv.match(/\nTollington,Islington,/g)).toHaveLength(stored.current.length + stored.past.length);
    const json = JSON.parse(prioritiesJson(ward, stored, 'http://localhost/wards/tollington'));
    const item = json.current.find((p: { id: number }) => p.id === id);
    expect(item).toMatchObject({ title: '=cmd|calc', reason: '@SUM(1)', status: 'current' });
    expect(item.updates).toEqual([
      { date: '2024-11-30', bodyMarkdown: '-1 incidents\tthis week', correctedOn: null },
    ]);
  });
});
