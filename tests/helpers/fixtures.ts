// Vitest fixtures for the integration tests: a database for the file, staff members of each role and
// the ward ids, each made the first time a test (or a `test.beforeAll`/`test.beforeEach` hook) asks
// for it by name and dropped after the file's last test. See docs/contributing.md ("Tests").
//
//   import { seededTest as test } from '../../helpers/fixtures.ts';
//   test('a liaison officer sees every ward', async ({ db, liaisonOfficer }) => { … });
//
// `test` gives an empty migrated database; `seededTest` the same with the seed (db/seed.ts) in it.
// A file that needs more of its own extends either: `const test = seededTest.extend('x', …)`.
// The database itself is made by test-db.ts, the staff members by staff.ts.
import { test as base } from 'vitest';
import type { Db } from '../../db/client.ts';
import { wards } from '../../db/schema/index.ts';
import type { Actor } from '../../src/features/audit/audit.server.ts';
import { type WardAssignment, type WardScope, wardScope } from '../../src/features/auth/ward-scope.ts';
import { createStaff, type TestStaff } from './staff.ts';
import { createTestDb, type TestDb } from './test-db.ts';

/** A ward officer with the wards they are assigned, as the session loads them. */
export interface WardStaff extends TestStaff {
  wards: WardAssignment[];
}

/** The ward officer fixture's ward (the browser suite's ward officer has the same one). */
export const WARD_OFFICER_WARD = 'bloomsbury';

/** Every ward's id by its slug (the seeded wards, or none in an empty database). */
export async function wardIdsIn(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ id: wards.id, slug: wards.slug }).from(wards);
  return new Map(rows.map((w) => [w.slug, w.id]));
}

/** A lookup of ward ids by slug that throws for a ward that is not there. */
export function wardIdLookup(ids: ReadonlyMap<string, number>): (slug: string) => number {
  return (slug) => {
    const id = ids.get(slug);
    if (id === undefined) throw new Error(`No ward "${slug}" in the test database: use seededTest`);
    return id;
  };
}

/** A ward officer for the wards with these slugs, which must exist (a seeded database). */
export async function createWardOfficer(db: Db, slugs: readonly string[]): Promise<WardStaff> {
  const wardId = wardIdLookup(await wardIdsIn(db));
  const assigned = slugs.map((slug) => ({ id: wardId(slug), slug }));
  const staff = await createStaff(db, 'ward_officer', { wardIds: assigned.map((w) => w.id) });
  return { ...staff, wards: assigned };
}

/** The staff member as the features take the one acting (`client` only when given). */
export function actorOf(s: { id: string; email: string }, client?: string): Actor {
  return client === undefined ? { id: s.id, email: s.email } : { id: s.id, email: s.email, client };
}

/** The member's ward scope: every ward for admins and liaison officers, else their wards (or none). */
export function scopeOf(s: TestStaff & { wards?: readonly WardAssignment[] }): WardScope {
  return wardScope({ role: s.role, wards: s.wards ?? [] });
}

/** A fresh database, dropped at the fixture's cleanup. */
async function openTestDb(seeded: boolean, onCleanup: (fn: () => Promise<void>) => void): Promise<TestDb> {
  const t = await createTestDb({ seeded });
  onCleanup(() => t.destroy());
  return t;
}

/** Integration tests on a fresh, migrated, empty database. */
export const test = base
  .extend('seeded', { scope: 'file' }, false as boolean)
  .extend('testDb', { scope: 'file' }, ({ seeded }, { onCleanup }) => openTestDb(seeded, onCleanup))
  .extend('db', { scope: 'file' }, ({ testDb }) => testDb.db)
  /** A database of the test's own (seeded or not as the file's), for a test that must not share one. */
  .extend('ownDb', async ({ seeded }, { onCleanup }) => (await openTestDb(seeded, onCleanup)).db)
  .extend('wardId', { scope: 'file' }, async ({ db }) => wardIdLookup(await wardIdsIn(db)))
  .extend('admin', { scope: 'file' }, ({ db }) => createStaff(db, 'admin'))
  .extend('liaisonOfficer', { scope: 'file' }, ({ db }) => createStaff(db, 'liaison_officer'))
  .extend('wardOfficer', { scope: 'file' }, ({ db }) => createWardOfficer(db, [WARD_OFFICER_WARD]));
export const it = test;

/** Integration tests on a fresh database with the seed in it: wards, the plan, the figures. */
export const seededTest = test.extend('seeded', { scope: 'file' }, true);
