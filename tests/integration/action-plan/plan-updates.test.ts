// Staff progress updates: drafts stay private, publishing shows them to residents, and every step
// leaves an audit row.
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { auditLog } from '../../../db/schema/index.ts';
import { getPlanAction, listPlanActions } from '../../../src/features/action-plan/action-plan.server.ts';
import { PlanUpdateSchema } from '../../../src/features/action-plan/plan-updates.schema.ts';
import {
  countDraftUpdates,
  createPlanUpdate,
  editPlanUpdate,
  listUpdatesForStaff,
  PlanUpdateDuplicateError,
  PlanUpdateNotFoundError,
  PlanUpdatePublishedError,
  setPlanUpdatePublished,
} from '../../../src/features/action-plan/plan-updates.server.ts';
import { permissionToEdit } from '../../../src/features/action-plan/plan-updates.ts';
import { can, type Role } from '../../../src/features/auth/permissions.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';

const input = {
  updateDate: '2026-11-20',
  status: 'on_track' as const,
  headline: 'Ward panels met in every Camden ward',
  body: 'All 20 ward panels met in November.\n\n- Priorities agreed\n- Minutes published',
  borough: 'camden' as const,
  source: 'Camden ward panel chairs’ meeting, 19 November 2026',
};
/** A staff member who may edit drafts and published updates alike (a liaison officer). */
const mayEditAny = () => true;

describe('plan updates', () => {
  test('keeps a new update as a draft that residents do not see', async ({ db, liaisonOfficer: officer }) => {
    const before = await countDraftUpdates(db);
    const id = await createPlanUpdate(db, 3, input, officer);
    expect(await countDraftUpdates(db)).toBe(before + 1);
    const staffView = await listUpdatesForStaff(db, 3);
    expect(staffView.find((u) => u.id === id)?.publishedAt).toBeNull();
    const publicView = await getPlanAction(db, 3);
    expect(publicView?.updates.map((u) => u.headline)).not.toContain(input.headline);
  });

  test('shows it on the public plan once published, and hides it again when unpublished', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const id = await createPlanUpdate(
      db,
      6,
      { ...input, headline: 'Newsletter reached 5,000 readers' },
      officer,
    );
    await setPlanUpdatePublished(db, 6, id, true, officer);
    let publicView = await getPlanAction(db, 6);
    expect(publicView?.updates[0]?.headline).toBe('Newsletter reached 5,000 readers');
    expect(publicView?.latestStatus).toBe('on_track');
    await setPlanUpdatePublished(db, 6, id, false, officer);
    publicView = await getPlanAction(db, 6);
    expect(publicView?.updates.map((u) => u.headline)).not.toContain('Newsletter reached 5,000 readers');
    const trail = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.recordId, String(id)));
    expect(trail.map((r) => r.action)).toEqual([
      'plan_update.create',
      'plan_update.publish',
      'plan_update.unpublish',
    ]);
    expect(trail.every((r) => r.actorId === officer.id)).toBe(true);
  });

  test('edits in place and records who changed it', async ({ db, liaisonOfficer: officer }) => {
    const id = await createPlanUpdate(db, 2, input, officer);
    await editPlanUpdate(
      db,
      2,
      id,
      { ...input, status: 'at_risk', headline: 'Revised' },
      officer,
      mayEditAny,
    );
    const row = (await listUpdatesForStaff(db, 2)).find((u) => u.id === id);
    expect(row).toMatchObject({ status: 'at_risk', headline: 'Revised', updatedByName: officer.name });
  });

  test('refuses to touch an update through another action’s number', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const id = await createPlanUpdate(db, 2, input, officer);
    await expect(setPlanUpdatePublished(db, 5, id, true, officer)).rejects.toBeInstanceOf(
      PlanUpdateNotFoundError,
    );
    await expect(createPlanUpdate(db, 42, input, officer)).rejects.toBeInstanceOf(PlanUpdateNotFoundError);
  });

  test('refuses a second update with the same date and headline (a form sent twice), writing nothing', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const twice = { ...input, headline: 'Sent twice by a double click' };
    const first = await createPlanUpdate(db, 4, twice, officer);
    const audited = async () => (await db.select().from(auditLog)).length;
    const before = await audited();
    await expect(createPlanUpdate(db, 4, twice, officer)).rejects.toBeInstanceOf(PlanUpdateDuplicateError);
    const other = await createPlanUpdate(db, 4, { ...twice, headline: 'Another headline' }, officer);
    await expect(editPlanUpdate(db, 4, other, twice, officer, mayEditAny)).rejects.toBeInstanceOf(
      PlanUpdateDuplicateError,
    );
    expect(await audited()).toBe(before + 1); // only the second, different update
    expect((await listUpdatesForStaff(db, 4)).filter((u) => u.id === first || u.id === other)).toHaveLength(
      2,
    );
  });

  test('gives the plan list each action’s latest published status, never a draft’s', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const statusOf = async (n: number) => (await listPlanActions(db, {})).find((a) => a.number === n) ?? null;
    const published = await createPlanUpdate(
      db,
      7,
      { ...input, updateDate: '2099-01-02', status: 'at_risk', headline: 'Latest published' },
      officer,
    );
    await setPlanUpdatePublished(db, 7, published, true, officer);
    await createPlanUpdate(
      db,
      7,
      { ...input, updateDate: '2099-01-03', status: 'done', headline: 'Newer draft' },
      officer,
    );
    expect(await statusOf(7)).toMatchObject({ latestStatus: 'at_risk', latestUpdateDate: '2099-01-02' });
    expect((await getPlanAction(db, 7))?.latestStatus).toBe('at_risk');
  });

  test('validates input with clear messages', () => {
    const r = PlanUpdateSchema.safeParse({
      updateDate: '2026-13-45',
      status: 'finished',
      headline: '',
      body: null,
      borough: 'hackney',
      source: 'x'.repeat(301),
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['updateDate', 'Enter a real date'],
      ['status', 'Choose a status'],
      ['headline', 'Enter a headline'],
      ['body', 'Enter the update'],
      ['borough', 'Choose which borough the update is about'],
      ['source', 'Source must be 300 characters or fewer'],
    ]);
  });

  test('counts a line break as one character, as the author’s browser does', () => {
    const lines = 'x\r\n'.repeat(2000); // 6,000 characters sent, 4,000 with LF line breaks
    const r = PlanUpdateSchema.shape.body.safeParse(lines);
    expect(r.success).toBe(true);
    expect(r.data).not.toContain('\r');
  });

  test('stores the source and borough staff give, and shows them to residents with the update', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const id = await createPlanUpdate(
      db,
      8,
      {
        ...input,
        headline: 'Both boroughs: joint patrols',
        borough: 'both',
        source: 'Joint tasking meeting',
      },
      officer,
    );
    await setPlanUpdatePublished(db, 8, id, true, officer);
    const shown = (await getPlanAction(db, 8))?.updates.find((u) => u.id === id);
    expect(shown).toMatchObject({ borough: 'both', source: 'Joint tasking meeting' });
    const staffView = (await listUpdatesForStaff(db, 8)).find((u) => u.id === id);
    expect(staffView).toMatchObject({ borough: 'both', source: 'Joint tasking meeting' });
  });

  test('gives every seeded update its borough, from its source paper', async ({ db }) => {
    const seeded = (await getPlanAction(db, 1))?.updates.filter((u) => u.source?.includes('Committee')) ?? [];
    expect(seeded.length).toBeGreaterThan(0);
    for (const u of seeded) {
      expect(u.borough).toBe(u.source?.startsWith('Camden') ? 'camden' : 'islington');
    }
  });

  test('makes the latest written of two same-day updates the current progress, whatever order they were published in', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    // Publishing rewrites a row, which moves it in the table: publish the pair in both orders so
    // that neither the table's order nor the publishing order can pass for "latest written".
    for (const [action, order] of [
      [10, 'as written'],
      [3, 'reversed'],
    ] as const) {
      const day = { ...input, updateDate: '2099-05-01' };
      const morning = await createPlanUpdate(
        db,
        action,
        { ...day, status: 'at_risk', headline: 'Morning' },
        officer,
      );
      const evening = await createPlanUpdate(
        db,
        action,
        { ...day, status: 'done', headline: 'Evening' },
        officer,
      );
      for (const id of order === 'as written' ? [morning, evening] : [evening, morning]) {
        await setPlanUpdatePublished(db, action, id, true, officer);
      }
      const detail = await getPlanAction(db, action);
      expect(detail?.latestStatus, order).toBe('done');
      expect(
        detail?.updates.slice(0, 2).map((u) => u.headline),
        order,
      ).toEqual(['Evening', 'Morning']);
      const listed = (await listPlanActions(db, {})).find((a) => a.number === action);
      expect(listed?.latestStatus, order).toBe('done');
      expect((await listUpdatesForStaff(db, action))[0]?.id, order).toBe(evening);
    }
  });

  test('lets a writer who cannot publish edit a draft but not a published update', async ({
    db,
    liaisonOfficer: officer,
  }) => {
    const writerOnly = (published: boolean) => !published; // write without publish
    const id = await createPlanUpdate(db, 5, { ...input, headline: 'Draft by a writer' }, officer);
    await editPlanUpdate(db, 5, id, { ...input, headline: 'Draft, revised' }, officer, writerOnly);
    await setPlanUpdatePublished(db, 5, id, true, officer);
    const audited = async () =>
      (
        await db
          .select()
          .from(auditLog)
          .where(eq(auditLog.recordId, String(id)))
      ).length;
    const before = await audited();
    await expect(
      editPlanUpdate(db, 5, id, { ...input, headline: 'Changed live' }, officer, writerOnly),
    ).rejects.toBeInstanceOf(PlanUpdatePublishedError);
    expect((await listUpdatesForStaff(db, 5)).find((u) => u.id === id)?.headline).toBe('Draft, revised');
    expect(await audited()).toBe(before);
    // The action asks exactly this of the signed-in role.
    const asRole = (role: Role) => (published: boolean) => can(role, permissionToEdit(published));
    await editPlanUpdate(
      db,
      5,
      id,
      { ...input, headline: 'Changed by a publisher' },
      officer,
      asRole('liaison_officer'),
    );
    await expect(
      editPlanUpdate(
        db,
        5,
        id,
        { ...input, headline: 'Changed by a ward officer' },
        officer,
        asRole('ward_officer'),
      ),
    ).rejects.toBeInstanceOf(PlanUpdatePublishedError);
  });
});
