// Staff progress updates: drafts stay private, publishing shows them to residents, and every step
// leaves an audit row.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { seedDatabase } from '../../db/seed.ts';
import { getPlanAction, listPlanActions } from '../../src/features/action-plan/action-plan.server.ts';
import { PlanUpdateSchema } from '../../src/features/action-plan/plan-updates.schema.ts';
import {
  countDraftUpdates,
  createPlanUpdate,
  editPlanUpdate,
  listUpdatesForStaff,
  PlanUpdateDuplicateError,
  PlanUpdateNotFoundError,
  setPlanUpdatePublished,
} from '../../src/features/action-plan/plan-updates.server.ts';
import { createStaff, type TestStaff } from '../helpers/staff.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let officer: TestStaff;
beforeAll(async () => {
  t = await createTestDb();
  await seedDatabase(t.db);
  officer = await createStaff(t.db, 'liaison_officer');
});
afterAll(async () => {
  await t?.destroy();
});

const input = {
  updateDate: '2026-11-20',
  status: 'on_track' as const,
  headline: 'Ward panels met in every Camden ward',
  body: 'All 20 ward panels met in November.\n\n- Priorities agreed\n- Minutes published',
};

describe('plan updates', () => {
  it('keeps a new update as a draft that residents do not see', async () => {
    const before = await countDraftUpdates(t.db);
    const id = await createPlanUpdate(t.db, 3, input, officer);
    expect(await countDraftUpdates(t.db)).toBe(before + 1);
    const staffView = await listUpdatesForStaff(t.db, 3);
    expect(staffView.find((u) => u.id === id)?.publishedAt).toBeNull();
    const publicView = await getPlanAction(t.db, 3);
    expect(publicView?.updates.map((u) => u.headline)).not.toContain(input.headline);
  });

  it('shows it on the public plan once published, and hides it again when unpublished', async () => {
    const id = await createPlanUpdate(
      t.db,
      6,
      { ...input, headline: 'Newsletter reached 5,000 readers' },
      officer,
    );
    await setPlanUpdatePublished(t.db, 6, id, true, officer);
    let publicView = await getPlanAction(t.db, 6);
    expect(publicView?.updates[0]?.headline).toBe('Newsletter reached 5,000 readers');
    expect(publicView?.latestStatus).toBe('on_track');
    await setPlanUpdatePublished(t.db, 6, id, false, officer);
    publicView = await getPlanAction(t.db, 6);
    expect(publicView?.updates.map((u) => u.headline)).not.toContain('Newsletter reached 5,000 readers');
    const trail = await t.db
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

  it('edits in place and records who changed it', async () => {
    const id = await createPlanUpdate(t.db, 2, input, officer);
    await editPlanUpdate(t.db, 2, id, { ...input, status: 'at_risk', headline: 'Revised' }, officer);
    const row = (await listUpdatesForStaff(t.db, 2)).find((u) => u.id === id);
    expect(row).toMatchObject({ status: 'at_risk', headline: 'Revised', updatedByName: officer.name });
  });

  it('refuses to touch an update through another action’s number', async () => {
    const id = await createPlanUpdate(t.db, 2, input, officer);
    await expect(setPlanUpdatePublished(t.db, 5, id, true, officer)).rejects.toBeInstanceOf(
      PlanUpdateNotFoundError,
    );
    await expect(createPlanUpdate(t.db, 42, input, officer)).rejects.toBeInstanceOf(PlanUpdateNotFoundError);
  });

  it('refuses a second update with the same date and headline (a form sent twice), writing nothing', async () => {
    const twice = { ...input, headline: 'Sent twice by a double click' };
    const first = await createPlanUpdate(t.db, 4, twice, officer);
    const audited = async () => (await t.db.select().from(auditLog)).length;
    const before = await audited();
    await expect(createPlanUpdate(t.db, 4, twice, officer)).rejects.toBeInstanceOf(PlanUpdateDuplicateError);
    const other = await createPlanUpdate(t.db, 4, { ...twice, headline: 'Another headline' }, officer);
    await expect(editPlanUpdate(t.db, 4, other, twice, officer)).rejects.toBeInstanceOf(
      PlanUpdateDuplicateError,
    );
    expect(await audited()).toBe(before + 1); // only the second, different update
    expect((await listUpdatesForStaff(t.db, 4)).filter((u) => u.id === first || u.id === other)).toHaveLength(
      2,
    );
  });

  it('gives the plan list each action’s latest published status, never a draft’s', async () => {
    const statusOf = async (n: number) =>
      (await listPlanActions(t.db, {})).find((a) => a.number === n) ?? null;
    const published = await createPlanUpdate(
      t.db,
      7,
      { ...input, updateDate: '2099-01-02', status: 'at_risk', headline: 'Latest published' },
      officer,
    );
    await setPlanUpdatePublished(t.db, 7, published, true, officer);
    await createPlanUpdate(
      t.db,
      7,
      { ...input, updateDate: '2099-01-03', status: 'done', headline: 'Newer draft' },
      officer,
    );
    expect(await statusOf(7)).toMatchObject({ latestStatus: 'at_risk', latestUpdateDate: '2099-01-02' });
    expect((await getPlanAction(t.db, 7))?.latestStatus).toBe('at_risk');
  });

  it('validates input with clear messages', () => {
    const r = PlanUpdateSchema.safeParse({
      updateDate: '2026-13-45',
      status: 'finished',
      headline: '',
      body: null,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['updateDate', 'Enter a real date'],
      ['status', 'Choose a status'],
      ['headline', 'Enter a headline'],
      ['body', 'Enter the update'],
    ]);
  });
});
