// The last-admin guard: there is always an administrator who can sign in, even when two admins
// demote or deactivate each other at the same moment.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { inviteStaff } from '../../../src/features/auth/one-time-links.server.ts';
import {
  LastAdminError,
  setStaffActive,
  updateStaffMember,
} from '../../../src/features/staff/staff.server.ts';
import { createStaff, TEST_SECRET } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.destroy();
  t = undefined;
});

async function twoAdmins() {
  t = await createTestDb();
  const a = await createStaff(t.db, 'admin');
  const b = await createStaff(t.db, 'admin');
  // Open the pool's connections first, so both changes really run at once on PostgreSQL.
  await Promise.all(Array.from({ length: 4 }, () => t?.db.execute(sql`select pg_sleep(0.05)`)));
  return { db: t.db, a: { id: a.id, email: a.email }, b: { id: b.id, email: b.email } };
}

async function settle(ps: Promise<unknown>[]) {
  const results = await Promise.allSettled(ps);
  return {
    done: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.filter((r) => r.status === 'rejected' && r.reason instanceof LastAdminError).length,
  };
}

describe('the last-admin guard', () => {
  it('lets only one of two parallel deactivations through', async () => {
    const { db, a, b } = await twoAdmins();
    const r = await settle([
      setStaffActive(db, a.id, false, b, 'x'),
      setStaffActive(db, b.id, false, a, 'x'),
    ]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  it('lets only one of two parallel demotions through', async () => {
    const { db, a, b } = await twoAdmins();
    const demote = (id: string, by: typeof a) =>
      updateStaffMember(db, id, { role: 'liaison_officer', wardSlugs: [] }, by);
    const r = await settle([demote(a.id, b), demote(b.id, a)]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  it('lets only one of a parallel demotion and deactivation through', async () => {
    const { db, a, b } = await twoAdmins();
    const r = await settle([
      updateStaffMember(db, a.id, { role: 'ward_officer', wardSlugs: [] }, b),
      setStaffActive(db, b.id, false, a, 'x'),
    ]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  it('does not count an administrator who never finished setting up', async () => {
    t = await createTestDb();
    const only = await createStaff(t.db, 'admin');
    await inviteStaff(
      t.db,
      { email: 'new-admin@example.org', name: 'New', role: 'admin' },
      { id: null, email: null },
      TEST_SECRET,
    );
    const by = { id: only.id, email: only.email };
    await expect(setStaffActive(t.db, only.id, false, by, 'x')).rejects.toBeInstanceOf(LastAdminError);
    await expect(
      updateStaffMember(t.db, only.id, { role: 'ward_officer', wardSlugs: [] }, by),
    ).rejects.toBeInstanceOf(LastAdminError);
  });
});
