// Reads the Local Action Plan from the database.
import { and, arrayContains, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { actionUpdates, boroughs, planActions, planCommitments } from '../../../db/schema/index.ts';
import type { PlanFilter } from './action-plan.schema.ts';
import {
  type ActionUpdate,
  type Commitment,
  PLAN_UPDATE_BOROUGHS,
  type PlanActionDetail,
  type PlanActionSummary,
  type PlanUpdateBorough,
} from './action-plan.ts';

/**
 * Newest first: by the date reported on, then the latest written among updates of the same day,
 * so "current progress" is the last thing staff wrote about that day, never an arbitrary one.
 */
export const NEWEST_FIRST = [
  desc(actionUpdates.updateDate),
  desc(actionUpdates.createdAt),
  desc(actionUpdates.id),
];

export function asPlanUpdateBorough(value: string | null): PlanUpdateBorough | null {
  return (PLAN_UPDATE_BOROUGHS as readonly string[]).includes(value ?? '')
    ? (value as PlanUpdateBorough)
    : null;
}

async function commitmentsFor(
  db: Db,
  actionIds: number[],
  boroughSlug?: string,
): Promise<Map<number, Commitment[]>> {
  const out = new Map<number, Commitment[]>();
  if (actionIds.length === 0) return out;
  const rows = await db
    .select({
      actionId: planCommitments.actionId,
      boroughSlug: boroughs.slug,
      boroughName: boroughs.name,
      statement: planCommitments.statement,
      points: planCommitments.points,
      source: planCommitments.source,
    })
    .from(planCommitments)
    .innerJoin(boroughs, eq(boroughs.id, planCommitments.boroughId))
    .where(
      and(
        inArray(planCommitments.actionId, actionIds),
        boroughSlug ? eq(boroughs.slug, boroughSlug) : undefined,
      ),
    )
    .orderBy(asc(boroughs.name));
  for (const { actionId, ...c } of rows) {
    out.set(actionId, [...(out.get(actionId) ?? []), c]);
  }
  return out;
}

/** Published updates only: drafts stay in the back office. */
async function updatesFor(db: Db, actionIds: number[]): Promise<Map<number, ActionUpdate[]>> {
  const out = new Map<number, ActionUpdate[]>();
  if (actionIds.length === 0) return out;
  const rows = await db
    .select()
    .from(actionUpdates)
    .where(and(inArray(actionUpdates.actionId, actionIds), isNotNull(actionUpdates.publishedAt)))
    .orderBy(...NEWEST_FIRST);
  for (const r of rows) {
    const update: ActionUpdate = {
      id: r.id,
      updateDate: r.updateDate,
      status: r.status,
      headline: r.headline,
      body: r.body,
      source: r.source,
      borough: asPlanUpdateBorough(r.borough),
    };
    out.set(r.actionId, [...(out.get(r.actionId) ?? []), update]);
  }
  return out;
}

/** Each action's latest published status and its date: the list needs no update bodies. */
async function latestStatusFor(
  db: Db,
  actionIds: number[],
): Promise<Map<number, Pick<ActionUpdate, 'status' | 'updateDate'>>> {
  if (actionIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([actionUpdates.actionId], {
      actionId: actionUpdates.actionId,
      status: actionUpdates.status,
      updateDate: actionUpdates.updateDate,
    })
    .from(actionUpdates)
    .where(and(inArray(actionUpdates.actionId, actionIds), isNotNull(actionUpdates.publishedAt)))
    .orderBy(actionUpdates.actionId, ...NEWEST_FIRST);
  return new Map(rows.map(({ actionId, ...latest }) => [actionId, latest]));
}

/** The plan's actions in number order, narrowed by pillar; commitments narrowed by borough. */
export async function listPlanActions(db: Db, filter: PlanFilter): Promise<PlanActionSummary[]> {
  const actions = await db
    .select()
    .from(planActions)
    .where(filter.pillar ? arrayContains(planActions.pillars, [filter.pillar]) : undefined)
    .orderBy(asc(planActions.number));
  const ids = actions.map((a) => a.id);
  const [commitments, latestStatus] = await Promise.all([
    commitmentsFor(db, ids, filter.borough),
    latestStatusFor(db, ids),
  ]);
  return actions.map((a) => {
    const latest = latestStatus.get(a.id);
    return {
      number: a.number,
      title: a.title,
      summary: a.summary,
      pillars: a.pillars,
      latestStatus: latest?.status ?? null,
      latestUpdateDate: latest?.updateDate ?? null,
      commitments: commitments.get(a.id) ?? [],
    };
  });
}

/** One action with both boroughs' commitments and its progress timeline, newest first. */
export async function getPlanAction(db: Db, number: number): Promise<PlanActionDetail | null> {
  const [action] = await db.select().from(planActions).where(eq(planActions.number, number));
  if (!action) return null;
  const [commitments, updates] = await Promise.all([
    commitmentsFor(db, [action.id]),
    updatesFor(db, [action.id]),
  ]);
  const timeline = updates.get(action.id) ?? [];
  return {
    number: action.number,
    title: action.title,
    summary: action.summary,
    pillars: action.pillars,
    latestStatus: timeline[0]?.status ?? null,
    latestUpdateDate: timeline[0]?.updateDate ?? null,
    commitments: commitments.get(action.id) ?? [],
    updates: timeline,
  };
}
