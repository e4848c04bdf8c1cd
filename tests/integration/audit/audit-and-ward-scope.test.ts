// The audit log as a person reads it (names, record labels, London days, pages), and ward scope:
// the signed-in member's wards come with the session, and `inScope` keeps a query to them.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import {
  actionUpdates,
  auditLog,
  boroughs,
  emailOutbox,
  planActions,
  staffWardAssignments,
  wards,
} from '../../../db/schema/index.ts';
import {
  AUDIT_PAGE_SIZE,
  listAudit,
  listAuditRecordTypes,
  writeAudit,
} from '../../../src/features/audit/audit.server.ts';
import { auditRecordText } from '../../../src/features/audit/audit.ts';
import { validateSessionToken } from '../../../src/features/auth/session.server.ts';
import { inScope, wardScope } from '../../../src/features/auth/ward-scope.ts';
import { test as base } from '../../helpers/fixtures.ts';
import { createStaff } from '../../helpers/staff.ts';

/** Three wards of one borough, of the file's own (no seed): the officers' wards. */
const test = base
  .extend('ward', { scope: 'file' }, async ({ db }) => {
    const ward: Record<string, number> = {};
    const [borough] = await db
      .insert(boroughs)
      .values({ slug: 'camden', name: 'Camden', council: 'Camden Council' })
      .returning();
    if (!borough) throw new Error('no borough');
    for (const slug of ['camden-town', 'kentish-town-north', 'holloway']) {
      const [row] = await db.insert(wards).values({ slug, name: slug, boroughId: borough.id }).returning();
      if (row) ward[slug] = row.id;
    }
    return ward;
  })
  .extend('officer', { scope: 'file' }, ({ db, ward }) =>
    createStaff(db, 'ward_officer', { wardIds: [ward['camden-town'] ?? 0, ward['kentish-town-north'] ?? 0] }),
  )
  .extend('otherOfficer', { scope: 'file' }, ({ db, ward }) =>
    createStaff(db, 'ward_officer', { wardIds: [ward.holloway ?? 0] }),
  )
  .extend('idleOfficer', { scope: 'file' }, ({ db }) => createStaff(db, 'ward_officer'));

describe('ward scope', () => {
  test('comes with the session: ward ids and slugs, none for other roles', async ({
    db,
    officer,
    ward,
    admin,
    idleOfficer,
  }) => {
    const signedIn = await validateSessionToken(db, officer.token);
    expect(signedIn.user?.wards).toEqual([
      { id: ward['camden-town'], slug: 'camden-town' },
      { id: ward['kentish-town-north'], slug: 'kentish-town-north' },
    ]);
    expect((await validateSessionToken(db, admin.token)).user?.wards).toEqual([]);
    expect((await validateSessionToken(db, idleOfficer.token)).user?.wards).toEqual([]);
  });

  test('keeps a query on a ward column to the member’s wards; everything for an administrator', async ({
    db,
    ward,
    admin,
    officer,
    otherOfficer,
    idleOfficer,
  }) => {
    const assignedWards = async (token: string) => {
      const { user } = await validateSessionToken(db, token);
      if (!user) throw new Error('not signed in');
      const rows = await db
        .select({ wardId: staffWardAssignments.wardId })
        .from(staffWardAssignments)
        .where(inScope(staffWardAssignments.wardId, wardScope(user)));
      return [...new Set(rows.map((r) => r.wardId))].sort((a, b) => a - b);
    };
    const all = Object.values(ward).sort((a, b) => a - b);
    expect(await assignedWards(admin.token)).toEqual(all);
    expect(await assignedWards(officer.token)).toEqual([ward['camden-town'], ward['kentish-town-north']]);
    expect(await assignedWards(otherOfficer.token)).toEqual([ward.holloway]);
    // A ward officer with no wards sees nothing, not everything.
    expect(await assignedWards(idleOfficer.token)).toEqual([]);
  });
});

describe('the audit log, in words', () => {
  test('names the staff member, the plan update, the email and the panel each row is about', async ({
    db,
    admin,
    officer,
    ward: _wards, // the file's wards, named by their slugs: the Holloway panel is "holloway Ward Panel"
  }) => {
    const [action] = await db
      .insert(planActions)
      .values({ number: 4, pillars: ['more_trust'], title: 'Test action', summary: 'x' })
      .returning();
    if (!action) throw new Error('no action');
    const [update] = await db
      .insert(actionUpdates)
      .values({
        actionId: action.id,
        updateDate: '2026-11-01',
        status: 'on_track',
        headline: 'Patrols doubled',
        body: 'x',
      })
      .returning();
    const emailId = randomUUID();
    await db.insert(emailOutbox).values({
      id: emailId,
      kind: 'test',
      recipient: 'resident@example.org',
      subject: 'Your set-up link',
      html: '<p>x</p>',
      text: 'x',
      giveUpAt: new Date(Date.now() + 3_600_000),
    });
    const by = { actorId: admin.id, actorLabel: admin.email };
    await writeAudit(db, { ...by, action: 'staff.update', recordType: 'staff_user', recordId: officer.id });
    await writeAudit(db, {
      ...by,
      action: 'plan_update.edit',
      recordType: 'action_update',
      recordId: update?.id,
    });
    await writeAudit(db, { ...by, action: 'email.view', recordType: 'email', recordId: emailId });
    await writeAudit(db, { ...by, action: 'email.view', recordType: 'email', recordId: randomUUID() });
    await writeAudit(db, { ...by, action: 'email.view', recordType: 'email', recordId: 'not-a-uuid' });
    await writeAudit(db, {
      ...by,
      action: 'plan_update.edit',
      recordType: 'action_update',
      recordId: '99999999999',
    });
    await writeAudit(db, {
      ...by,
      action: 'email.unsuppress',
      recordType: 'email_address',
      recordId: 'x@example.org',
    });
    await writeAudit(db, { ...by, action: 'email.view_list', recordType: 'email_list', recordId: 'mailbox' });
    await writeAudit(db, {
      ...by,
      action: 'panel_membership.list',
      recordType: 'panel',
      recordId: 'holloway',
    });
    await writeAudit(db, {
      ...by,
      action: 'panel_membership.list',
      recordType: 'panel',
      recordId: 'youth-forum',
    });
    await writeAudit(db, {
      ...by,
      action: 'panel_membership.list',
      recordType: 'panel',
      recordId: 'atlantis',
    });
    await writeAudit(db, {
      ...by,
      action: 'panel_application.view',
      recordType: 'panel_application',
      recordId: '42',
    });

    const { items } = await listAudit(db, { actorId: admin.id });
    const text = items.map((r) => auditRecordText(r));
    expect(items.every((r) => r.actorName === admin.name)).toBe(true);
    expect(text).toEqual(
      expect.arrayContaining([
        `Staff member: ${officer.name}`,
        'Plan update: Action 4: Patrols doubled',
        'Email message: Your set-up link',
        'Email message (no longer kept)',
        'Plan update (no longer kept)',
        'Email address: x@example.org',
        'Local mailbox',
        'Panel: holloway Ward Panel',
        'Panel: Youth Advisory Forum',
        'Panel (no longer kept)',
        // No label is looked up for an application: it is named by its id, not said to be gone.
        'Application to a panel 42',
      ]),
    );
    expect(await listAuditRecordTypes(db)).toEqual(
      expect.arrayContaining(['action_update', 'email', 'email_address', 'email_list', 'staff_user']),
    );
    const aboutOfficer = await listAudit(db, { recordType: 'staff_user', recordId: officer.id });
    expect(aboutOfficer.items.map((r) => r.action)).toContain('staff.update');
  });

  test('filters by London days and pages through the rows', async ({ db }) => {
    const actor = await createStaff(db, 'liaison_officer');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    await db
      .insert(auditLog)
      .values({ actorId: actor.id, action: 'test.summer', at: new Date('2026-06-30T23:30:00Z') });
    const july = await listAudit(db, { action: 'test.summer', from: '2026-07-01', to: '2026-07-01' });
    expect(july.total).toBe(1);
    const june = await listAudit(db, { action: 'test.summer', from: '2026-06-30', to: '2026-06-30' });
    expect(june.total).toBe(0);

    await db.insert(auditLog).values(
      Array.from({ length: AUDIT_PAGE_SIZE + 3 }, (_, i) => ({
        actorId: actor.id,
        action: 'test.many',
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    const second = await listAudit(db, { action: 'test.many' }, 2);
    expect(second).toMatchObject({ page: 2, pages: 2, total: AUDIT_PAGE_SIZE + 3 });
    expect(second.items).toHaveLength(3);
    const past = await listAudit(db, { action: 'test.many' }, 7);
    expect(past.page).toBe(2);
    const [oldest] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'test.many'))
      .orderBy(auditLog.at)
      .limit(1);
    expect(second.items.at(-1)?.id).toBe(oldest?.id);
  });
});
