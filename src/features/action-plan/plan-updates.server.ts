// Staff writing progress updates on plan actions: drafts, edits, publishing and unpublishing.
// Each change and its audit row commit together.
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { isUniqueViolation } from '../../../db/errors.ts';
import { actionUpdates, planActions, staffUsers } from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { asPlanUpdateBorough, NEWEST_FIRST } from './action-plan.server.ts';
import type { PlanUpdateBorough, UpdateStatus } from './action-plan.ts';
import type { PlanUpdateInput } from './plan-updates.schema.ts';

export interface StaffPlanUpdate {
  id: number;
  actionNumber: number;
  updateDate: string;
  status: UpdateStatus;
  headline: string;
  body: string;
  source: string | null;
  borough: PlanUpdateBorough | null;
  publishedAt: Date | null;
  updatedAt: Date;
  updatedByName: string | null;
}

export type PlanUpdateErrorCode = 'not_found' | 'published' | 'duplicate';

export class PlanUpdateNotFoundError extends DomainError<'plan_update', PlanUpdateErrorCode> {
  constructor() {
    super('plan_update', 'not_found', {}, 'No such update');
    this.name = 'PlanUpdateNotFoundError';
  }
}

/** The update is published and the staff member may only edit drafts. */
export class PlanUpdatePublishedError extends DomainError<'plan_update', PlanUpdateErrorCode> {
  constructor() {
    super('plan_update', 'published', {}, 'Published update');
    this.name = 'PlanUpdatePublishedError';
  }
}

/** Another update on the action has the same date and headline (a form sent twice, say). */
export class PlanUpdateDuplicateError extends DomainError<'plan_update', PlanUpdateErrorCode> {
  constructor() {
    super('plan_update', 'duplicate', {}, 'Duplicate update');
    this.name = 'PlanUpdateDuplicateError';
  }
}

function duplicateAsDomainError(error: unknown): never {
  if (isUniqueViolation(error, 'action_updates_action_date_headline_unique'))
    throw new PlanUpdateDuplicateError();
  throw error;
}

async function actionIdFor(db: Db, number: number): Promise<number> {
  const [a] = await db.select({ id: planActions.id }).from(planActions).where(eq(planActions.number, number));
  if (!a) throw new PlanUpdateNotFoundError();
  return a.id;
}

export async function listActionsForStaff(
  db: Db,
): Promise<{ number: number; title: string; drafts: number; published: number }[]> {
  const actions = await db
    .select({ id: planActions.id, number: planActions.number, title: planActions.title })
    .from(planActions)
    .orderBy(asc(planActions.number));
  const counts = await db
    .select({ actionId: actionUpdates.actionId, draft: isNull(actionUpdates.publishedAt), n: count() })
    .from(actionUpdates)
    .groupBy(actionUpdates.actionId, isNull(actionUpdates.publishedAt));
  return actions.map((a) => ({
    number: a.number,
    title: a.title,
    drafts: Number(counts.find((c) => c.actionId === a.id && c.draft)?.n ?? 0),
    published: Number(counts.find((c) => c.actionId === a.id && !c.draft)?.n ?? 0),
  }));
}

export async function listUpdatesForStaff(db: Db, actionNumber: number): Promise<StaffPlanUpdate[]> {
  const rows = await db
    .select({
      id: actionUpdates.id,
      actionNumber: planActions.number,
      updateDate: actionUpdates.updateDate,
      status: actionUpdates.status,
      headline: actionUpdates.headline,
      body: actionUpdates.body,
      source: actionUpdates.source,
      borough: actionUpdates.borough,
      publishedAt: actionUpdates.publishedAt,
      updatedAt: actionUpdates.updatedAt,
      updatedByName: staffUsers.name,
    })
    .from(actionUpdates)
    .innerJoin(planActions, eq(planActions.id, actionUpdates.actionId))
    .leftJoin(staffUsers, eq(staffUsers.id, actionUpdates.updatedBy))
    .where(eq(planActions.number, actionNumber))
    .orderBy(...NEWEST_FIRST);
  return rows.map((r) => ({ ...r, borough: asPlanUpdateBorough(r.borough) }));
}

export async function getUpdateForStaff(
  db: Db,
  actionNumber: number,
  id: number,
): Promise<StaffPlanUpdate | null> {
  const rows = await listUpdatesForStaff(db, actionNumber);
  return rows.find((r) => r.id === id) ?? null;
}

/** Creates a draft update: nobody outside the back office sees it until it is published. */
export async function createPlanUpdate(
  db: Db,
  actionNumber: number,
  input: PlanUpdateInput,
  actor: Actor,
): Promise<number> {
  return db
    .transaction(async (tx) => {
      const actionId = await actionIdFor(tx, actionNumber);
      const [row] = await tx
        .insert(actionUpdates)
        .values({ actionId, ...input, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: actionUpdates.id });
      if (!row) throw new Error('Insert returned nothing');
      await writeAuditBy(tx, actor, {
        action: 'plan_update.create',
        recordType: 'action_update',
        recordId: row.id,
        details: { action: actionNumber },
      });
      return row.id;
    })
    .catch(duplicateAsDomainError);
}

/**
 * @param mayEdit whether this staff member may edit a draft (false) or a published update (true):
 *   `(published) => can(role, permissionToEdit(published))`. Asked with the row locked, so a
 *   publish in between cannot slip an edit past it.
 */
export async function editPlanUpdate(
  db: Db,
  actionNumber: number,
  id: number,
  input: PlanUpdateInput,
  actor: Actor,
  mayEdit: (published: boolean) => boolean,
): Promise<void> {
  // A published update's edit shows on the public pages: purge them once it commits.
  await changingPublicContent(db, ['plan'], async (tx) => {
    const actionId = await actionIdFor(tx, actionNumber);
    const where = and(eq(actionUpdates.id, id), eq(actionUpdates.actionId, actionId));
    const [current] = await tx
      .select({ publishedAt: actionUpdates.publishedAt })
      .from(actionUpdates)
      .where(where)
      .for('update');
    if (!current) throw new PlanUpdateNotFoundError();
    if (!mayEdit(current.publishedAt !== null)) throw new PlanUpdatePublishedError();
    await tx
      .update(actionUpdates)
      .set({ ...input, updatedBy: actor.id, updatedAt: new Date() })
      .where(where);
    await writeAuditBy(tx, actor, {
      action: 'plan_update.edit',
      recordType: 'action_update',
      recordId: id,
    });
  }).catch(duplicateAsDomainError);
}

export async function setPlanUpdatePublished(
  db: Db,
  actionNumber: number,
  id: number,
  published: boolean,
  actor: Actor,
): Promise<void> {
  await changingPublicContent(db, ['plan'], async (tx) => {
    const actionId = await actionIdFor(tx, actionNumber);
    const now = new Date();
    const rows = await tx
      .update(actionUpdates)
      .set({ publishedAt: published ? now : null, updatedBy: actor.id, updatedAt: now })
      .where(and(eq(actionUpdates.id, id), eq(actionUpdates.actionId, actionId)))
      .returning({ id: actionUpdates.id });
    if (rows.length === 0) throw new PlanUpdateNotFoundError();
    await writeAuditBy(tx, actor, {
      action: published ? 'plan_update.publish' : 'plan_update.unpublish',
      recordType: 'action_update',
      recordId: id,
    });
  });
}

/** Drafts waiting for publication, for the dashboard. */
export async function countDraftUpdates(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(actionUpdates).where(isNull(actionUpdates.publishedAt));
  return Number(row?.n ?? 0);
}
