// Ward priorities in the database: reading a ward's (public), and staff adding, editing and retiring
// them and posting progress updates. Every change keeps to the member's ward scope (a priority
// outside it is "not found"), commits with its audit row, and purges the cached ward pages.
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { isUniqueViolation } from '../../../db/errors.ts';
import { boroughs, wardPriorities, wardPriorityUpdates, wards } from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { coversWard, inScope, type WardScope } from '../auth/ward-scope.ts';
import type { PriorityInput, PriorityRetireInput, PriorityUpdateInput } from './priorities.schema.ts';
import {
  hasRoomForAnother,
  newestFirst,
  onOrAfter,
  type Priority,
  splitPriorities,
  type WardPriorities,
} from './priorities.ts';

export type PriorityErrorCode =
  | 'not_found'
  | 'retired'
  | 'too_many'
  | 'duplicate'
  | 'retired_before_set'
  | 'update_before_set'
  | 'update_not_found';

/** What a rule of ward priorities refused; the action layer words it (action-errors.ts). */
export class PriorityError extends DomainError<'priority', PriorityErrorCode, { setOn?: string }> {
  constructor(code: PriorityErrorCode, details: { setOn?: string } = {}) {
    super('priority', code, details, `Priority: ${code}`);
    this.name = 'PriorityError';
  }
}

/** A priority as staff see it: with its ward. */
export interface StaffPriority extends Priority {
  ward: { id: number; slug: string; name: string };
}

const priorityColumns = {
  id: wardPriorities.id,
  wardId: wardPriorities.wardId,
  title: wardPriorities.title,
  reason: wardPriorities.reason,
  setOn: wardPriorities.setOn,
  retiredOn: wardPriorities.retiredOn,
  outcome: wardPriorities.outcome,
};

/** The priorities of the wards with these ids, each with its updates (newest first). */
async function withUpdates<T extends { id: number }>(db: Db | Tx, rows: T[]): Promise<(T & Priority)[]> {
  if (rows.length === 0) return [];
  const updates = await db
    .select({
      id: wardPriorityUpdates.id,
      priorityId: wardPriorityUpdates.priorityId,
      updateDate: wardPriorityUpdates.updateDate,
      body: wardPriorityUpdates.body,
      correctedAt: wardPriorityUpdates.correctedAt,
    })
    .from(wardPriorityUpdates)
    .where(
      inArray(
        wardPriorityUpdates.priorityId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    ...(r as T & Omit<Priority, 'updates'>),
    updates: newestFirst(updates.filter((u) => u.priorityId === r.id)).map(({ priorityId: _, ...u }) => u),
  }));
}

/** A ward's priorities, current and past, as its public page and open data show them. */
export async function listWardPriorities(db: Db, wardSlug: string): Promise<WardPriorities> {
  const rows = await db
    .select(priorityColumns)
    .from(wardPriorities)
    .innerJoin(wards, eq(wards.id, wardPriorities.wardId))
    .where(eq(wards.slug, wardSlug));
  return splitPriorities(await withUpdates(db, rows));
}

export interface StaffWardRow {
  slug: string;
  name: string;
  borough: string;
  current: number;
}

/** The wards in the member's scope, by borough then name, with how many current priorities each has. */
export async function listWardsForStaff(db: Db, scope: WardScope): Promise<StaffWardRow[]> {
  const current = db
    .select({ wardId: wardPriorities.wardId, n: count().as('n') })
    .from(wardPriorities)
    .where(isNull(wardPriorities.retiredOn))
    .groupBy(wardPriorities.wardId)
    .as('current');
  const rows = await db
    .select({ slug: wards.slug, name: wards.name, borough: boroughs.name, n: current.n })
    .from(wards)
    .innerJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .leftJoin(current, eq(current.wardId, wards.id))
    .where(inScope(wards.id, scope))
    .orderBy(asc(boroughs.name), asc(wards.name));
  return rows.map(({ n, ...r }) => ({ ...r, current: Number(n ?? 0) }));
}

/** The ward's id if it exists and the scope covers it; null otherwise (both read as "not found"). */
export async function wardInScope(
  db: Db | Tx,
  slug: string,
  scope: WardScope,
): Promise<{ id: number; slug: string; name: string } | null> {
  const [ward] = await db
    .select({ id: wards.id, slug: wards.slug, name: wards.name })
    .from(wards)
    .where(eq(wards.slug, slug));
  return ward && coversWard(scope, { id: ward.id }) ? ward : null;
}

/** One priority, if it exists and is in the member's scope. */
export async function getPriorityForStaff(
  db: Db,
  id: number,
  scope: WardScope,
): Promise<StaffPriority | null> {
  const [row] = await db
    .select({ ...priorityColumns, wardSlug: wards.slug, wardName: wards.name })
    .from(wardPriorities)
    .innerJoin(wards, eq(wards.id, wardPriorities.wardId))
    .where(and(eq(wardPriorities.id, id), inScope(wardPriorities.wardId, scope)));
  if (!row) return null;
  const [priority] = await withUpdates(db, [row]);
  if (!priority) return null;
  const { wardId, wardSlug, wardName, ...rest } = priority;
  return { ...rest, ward: { id: wardId, slug: wardSlug, name: wardName } };
}

/** The priority locked for a change, in scope; refused as not found otherwise. */
async function lockPriority(tx: Tx, id: number, scope: WardScope) {
  const [row] = await tx
    .select({ ...priorityColumns, wardSlug: wards.slug })
    .from(wardPriorities)
    .innerJoin(wards, eq(wards.id, wardPriorities.wardId))
    .where(and(eq(wardPriorities.id, id), inScope(wardPriorities.wardId, scope)))
    .for('update', { of: wardPriorities });
  if (!row) throw new PriorityError('not_found');
  return row;
}

/** A unique violation of a ward's title and date as the domain error; anything else thrown on. */
export function duplicateAsDomainError(error: unknown): never {
  if (isUniqueViolation(error, 'ward_priorities_ward_title_set_on_unique'))
    throw new PriorityError('duplicate');
  throw error;
}

/**
 * Adds a current priority to a ward inside `tx` (the caller has checked the scope): the ward's row
 * locked, so two additions at once cannot both take the last of MAX_CURRENT_PRIORITIES places;
 * audited. `roundId`: the vote round whose decision made it current.
 */
export async function addPriorityIn(
  tx: Tx,
  ward: { id: number; slug: string },
  input: PriorityInput,
  actor: Actor,
  roundId: number | null = null,
): Promise<number> {
  await tx.select({ id: wards.id }).from(wards).where(eq(wards.id, ward.id)).for('update');
  const [current] = await tx
    .select({ n: count() })
    .from(wardPriorities)
    .where(and(eq(wardPriorities.wardId, ward.id), isNull(wardPriorities.retiredOn)));
  if (!hasRoomForAnother(Number(current?.n ?? 0))) throw new PriorityError('too_many');
  const [row] = await tx
    .insert(wardPriorities)
    .values({ wardId: ward.id, ...input, roundId, createdBy: actor.id, updatedBy: actor.id })
    .returning({ id: wardPriorities.id });
  if (!row) throw new Error('Insert returned nothing');
  await writeAuditBy(tx, actor, {
    action: 'priority.create',
    recordType: 'ward_priority',
    recordId: row.id,
    details: { ward: ward.slug, title: input.title, ...(roundId === null ? {} : { round: roundId }) },
  });
  return row.id;
}

/** Adds a current priority to a ward in the member's scope; at most MAX_CURRENT_PRIORITIES at once. */
export async function createPriority(
  db: Db,
  wardSlug: string,
  input: PriorityInput,
  actor: Actor,
  scope: WardScope,
): Promise<number> {
  return changingPublicContent(db, ['wards'], async (tx) => {
    const ward = await wardInScope(tx, wardSlug, scope);
    if (!ward) throw new PriorityError('not_found');
    return addPriorityIn(tx, ward, input, actor);
  }).catch(duplicateAsDomainError);
}

type LockedPriority = Awaited<ReturnType<typeof lockPriority>>;

type PriorityAuditAction =
  | 'priority.edit'
  | 'priority.retire'
  | 'priority.update'
  | 'priority.update_correct'
  | 'priority.update_remove';

type PriorityChange = (tx: Tx, current: LockedPriority) => Promise<Record<string, unknown> | undefined>;

/**
 * A change to a current priority in the member's scope, inside `tx`: locked, refused if retired (a
 * past priority is a record), changed by `change`, audited as `action` with what `change` returns
 * as details. Returns the ward's slug.
 */
async function changeCurrentPriorityIn(
  tx: Tx,
  id: number,
  actor: Actor,
  scope: WardScope,
  action: PriorityAuditAction,
  change: PriorityChange,
): Promise<string> {
  const current = await lockPriority(tx, id, scope);
  if (current.retiredOn !== null) throw new PriorityError('retired');
  const details = await change(tx, current);
  await writeAuditBy(tx, actor, {
    action,
    recordType: 'ward_priority',
    recordId: id,
    details: { ward: current.wardSlug, ...details },
  });
  return current.wardSlug;
}

/** changeCurrentPriorityIn in a transaction of its own that purges the ward pages once it commits. */
function changeCurrentPriority(
  db: Db,
  id: number,
  actor: Actor,
  scope: WardScope,
  action: PriorityAuditAction,
  change: PriorityChange,
): Promise<string> {
  return changingPublicContent(db, ['wards'], (tx) =>
    changeCurrentPriorityIn(tx, id, actor, scope, action, change),
  );
}

/** Changes a current priority's title, reason or date (a past one stays as it was). Returns the ward's slug. */
export function editPriority(
  db: Db,
  id: number,
  input: PriorityInput,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriority(db, id, actor, scope, 'priority.edit', async (tx) => {
    await tx
      .update(wardPriorities)
      .set({ ...input, updatedBy: actor.id, updatedAt: new Date() })
      .where(eq(wardPriorities.id, id));
    return undefined;
  }).catch(duplicateAsDomainError);
}

const retireChange =
  (input: PriorityRetireInput, actor: Actor): PriorityChange =>
  async (tx, current) => {
    if (!onOrAfter(current.setOn, input.retiredOn))
      throw new PriorityError('retired_before_set', { setOn: current.setOn });
    await tx
      .update(wardPriorities)
      .set({ ...input, updatedBy: actor.id, updatedAt: new Date() })
      .where(eq(wardPriorities.id, current.id));
    return undefined;
  };

/** Retires a current priority inside `tx` (a vote round's decision retires the ones it replaces). Returns the ward's slug. */
export function retirePriorityIn(
  tx: Tx,
  id: number,
  input: PriorityRetireInput,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriorityIn(tx, id, actor, scope, 'priority.retire', retireChange(input, actor));
}

/** Retires a current priority with its outcome: it moves to the ward's past priorities. Returns the ward's slug. */
export function retirePriority(
  db: Db,
  id: number,
  input: PriorityRetireInput,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriority(db, id, actor, scope, 'priority.retire', retireChange(input, actor));
}

/** An update, posted or corrected, reports on a day on or after the one its priority was set. */
function refuseUpdateBeforeSet(current: LockedPriority, updateDate: string): void {
  if (!onOrAfter(current.setOn, updateDate))
    throw new PriorityError('update_before_set', { setOn: current.setOn });
}

/** Posts a dated progress update on a current priority; residents see it at once. Returns the ward's slug. */
export function postPriorityUpdate(
  db: Db,
  id: number,
  input: PriorityUpdateInput,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriority(db, id, actor, scope, 'priority.update', async (tx, current) => {
    refuseUpdateBeforeSet(current, input.updateDate);
    const [row] = await tx
      .insert(wardPriorityUpdates)
      .values({ priorityId: id, ...input, createdBy: actor.id })
      .returning({ id: wardPriorityUpdates.id });
    return { update: row?.id };
  });
}

/** A progress update of the priority `priorityId`, locked; refused as not found otherwise. */
async function lockUpdate(tx: Tx, priorityId: number, updateId: number) {
  const [row] = await tx
    .select({ updateDate: wardPriorityUpdates.updateDate, body: wardPriorityUpdates.body })
    .from(wardPriorityUpdates)
    .where(and(eq(wardPriorityUpdates.id, updateId), eq(wardPriorityUpdates.priorityId, priorityId)))
    .for('update');
  if (!row) throw new PriorityError('update_not_found');
  return row;
}

/**
 * Corrects a progress update already posted on a current priority (its date or its words). Residents
 * see "Corrected on …" beside it; the audit keeps what it said before. Sent unchanged, nothing is
 * marked corrected. Returns the ward's slug.
 */
export function correctPriorityUpdate(
  db: Db,
  id: number,
  updateId: number,
  input: PriorityUpdateInput,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriority(db, id, actor, scope, 'priority.update_correct', async (tx, current) => {
    refuseUpdateBeforeSet(current, input.updateDate);
    const before = await lockUpdate(tx, id, updateId);
    if (before.updateDate === input.updateDate && before.body === input.body)
      return { update: updateId, unchanged: true };
    await tx
      .update(wardPriorityUpdates)
      .set({ ...input, correctedAt: new Date(), correctedBy: actor.id })
      .where(eq(wardPriorityUpdates.id, updateId));
    return { update: updateId, before };
  });
}

/**
 * Removes a progress update from a current priority (posted on the wrong one, say): residents no
 * longer see it; the audit keeps its date and words. Returns the ward's slug.
 */
export function removePriorityUpdate(
  db: Db,
  id: number,
  updateId: number,
  actor: Actor,
  scope: WardScope,
): Promise<string> {
  return changeCurrentPriority(db, id, actor, scope, 'priority.update_remove', async (tx) => {
    const before = await lockUpdate(tx, id, updateId);
    await tx.delete(wardPriorityUpdates).where(eq(wardPriorityUpdates.id, updateId));
    return { update: updateId, before };
  });
}
