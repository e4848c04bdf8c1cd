// The last-admin guard: there is always an administrator who can sign in, even when two admins
// demote or deactivate each other at the same moment.
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { inviteStaff } from '../../../src/features/auth/one-time-links.server.ts';
import {
  LastAdminError,
  setStaffActive,
  updateStaffMember,
} from '../../../src/features/staff/staff.server.ts';
import { actorOf, test } from '../../helpers/fixtures.ts';
import { createStaff, TEST_SECRET } from '../../helpers/staff.ts';

async function twoAdmins(db: Db) {
  const a = await createStaff(db, 'admin');
  const b = await createStaff(db, 'admin');
  // Open the pool's connections first, so both changes really run at once on PostgreSQL.
  await Promise.all(Array.from({ length: 4 }, () => db.execute(sql`select pg_sleep(0.05)`)));
  return { a: actorOf(a), b: actorOf(b) };
}

async function settle(ps: Promise<unknown>[]) {
  const results = await Promise.allSettled(ps);
  return {
    done: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.filter((r) => r.status === 'rejected' && r.reason instanceof LastAdminError).length,
  };
}

describe('the last-admin guard', () => {
  test('lets only one of two parallel deactivations through', async ({ ownDb: db }) => {
    const { a, b } = await twoAdmins(db);
    const r = await settle([
      setStaffActive(db, a.id, false, b, 'x'),
      setStaffActive(db, b.id, false, a, 'x'),
    ]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  test('lets only one of two parallel demotions through', async ({ ownDb: db }) => {
    const { a, b } = await twoAdmins(db);
    const demote = (id: string, by: typeof a) =>
      updateStaffMember(db, id, { role: 'liaison_officer', wardSlugs: [] }, by);
    const r = await settle([demote(a.id, b), demote(b.id, a)]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  test('lets only one of a parallel demotion and deactivation through', async ({ ownDb: db }) => {
    const { a, b } = await twoAdmins(db);
    const r = await settle([
      updateStaffMember(db, a.id, { role: 'ward_officer', wardSlugs: [] }, b),
      setStaffActive(db, b.id, false, a, 'x'),
    ]);
    expect(r).toEqual({ done: 1, refused: 1 });
  });

  test('does not count an administrator who never finished setting up', async ({ ownDb: db }) => {
    const only = await createStaff(db, 'admin');
    await inviteStaff(
      db,
      { email: 'new-admin@example.org', name: 'New', role: 'admin' },
      { id: null, email: null },
      TEST_SECRET,
    );
    const by = actorOf(only);
    await expect(setStaffActive(db, only.id, false, by, 'x')).rejects.toBeInstanceOf(LastAdminError);
    await expect(
      updateStaffMember(db, only.id, { role: 'ward_officer', wardSlugs: [] }, by),
    ).rejects.toBeInstanceOf(LastAdminError);
  });
});
