// Staff triage of one concern: its detail and history as staff see it (no contact details, the view
// audited), and the reporter's contact details behind a reason, that view audited too. Outside the
// member's ward scope a concern is not found, and a linked concern (original, duplicate) not named.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, concernEvents, concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { coversWard, inScope, type WardScope } from '../auth/ward-scope.ts';
import type { Category, ConcernStatus, Partner } from './concerns.ts';
import { ConcernNotFoundError, TriageRefusedError } from './triage-errors.ts';
import { inScopeById, linkedInScope } from './triage-scope.server.ts';

export interface StaffEvent {
  at: Date;
  kind: string;
  status: ConcernStatus | null;
  publicNote: string | null;
  internalNote: string | null;
  actorName: string | null;
  /** A change of ward: the wards' names (null: not known). */
  ward: { from: string | null; to: string | null } | null;
}

export interface StaffConcern {
  id: string;
  reference: string;
  category: Category;
  categoryOther: string | null;
  wardId: number | null;
  wardSlug: string | null;
  wardName: string | null;
  boroughName: string | null;
  location: string;
  timing: 'once' | 'ongoing';
  occurredOn: string | null;
  timeOfDay: string | null;
  frequency: string | null;
  description: string;
  impact: string;
  anonymous: boolean;
  /** Contact details exist (shown only through viewConcernContact). */
  hasContact: boolean;
  contactErased: boolean;
  status: ConcernStatus;
  outcome: string | null;
  partner: Partner | null;
  referredOn: string | null;
  assignedTo: string | null;
  assignedName: string | null;
  /**
   * The concern is a duplicate: its status follows its original's. Outside the member's scope the
   * original is not named (`duplicateOf` is null): the page says "a concern outside your wards".
   */
  isDuplicate: boolean;
  /** Its original, when within the member's scope. */
  duplicateOf: { id: string; reference: string } | null;
  /** Its duplicates within the member's scope; those outside it are only counted, never named. */
  duplicates: { id: string; reference: string }[];
  duplicatesOutsideScope: number;
  createdAt: Date;
  events: StaffEvent[];
}

/** One concern as staff see it, without its contact details; null when missing or outside the scope. */
export async function getStaffConcern(
  db: DbOrTx,
  id: string,
  scope: WardScope,
): Promise<StaffConcern | null> {
  const assignee = alias(staffUsers, 'assignee');
  const original = alias(concerns, 'original');
  const [row] = await db
    .select({
      c: concerns,
      wardSlug: wards.slug,
      wardName: wards.name,
      boroughName: boroughs.name,
      assignedName: assignee.name,
      originalReference: original.reference,
    })
    .from(concerns)
    .leftJoin(wards, eq(wards.id, concerns.wardId))
    .leftJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .leftJoin(assignee, eq(assignee.id, concerns.assignedTo))
    .leftJoin(original, linkedInScope(original.id, concerns.duplicateOf, original.wardId, scope))
    .where(inScopeById(id, scope));
  if (!row) return null;
  const c = row.c;
  const [events, duplicates, [allDuplicates]] = await Promise.all([
    db
      .select({
        at: concernEvents.at,
        kind: concernEvents.kind,
        status: concernEvents.status,
        publicNote: concernEvents.publicNote,
        internalNote: concernEvents.internalNote,
        actorName: staffUsers.name,
        details: concernEvents.details,
      })
      .from(concernEvents)
      .leftJoin(staffUsers, eq(staffUsers.id, concernEvents.actorId))
      .where(eq(concernEvents.concernId, id))
      .orderBy(asc(concernEvents.at), asc(concernEvents.id)),
    db
      .select({ id: concerns.id, reference: concerns.reference })
      .from(concerns)
      .where(and(eq(concerns.duplicateOf, id), inScope(concerns.wardId, scope)))
      .orderBy(asc(concerns.reference)),
    db.select({ n: count() }).from(concerns).where(eq(concerns.duplicateOf, id)),
  ]);
  return {
    id: c.id,
    reference: c.reference,
    category: c.category as Category,
    categoryOther: c.categoryOther,
    wardId: c.wardId,
    wardSlug: row.wardSlug,
    wardName: row.wardName,
    boroughName: row.boroughName,
    location: c.location,
    timing: c.timing as 'once' | 'ongoing',
    occurredOn: c.occurredOn,
    timeOfDay: c.timeOfDay,
    frequency: c.frequency,
    description: c.description,
    impact: c.impact,
    anonymous: c.anonymous,
    hasContact: !c.anonymous && c.contactErasedAt === null,
    contactErased: c.contactErasedAt !== null,
    status: c.status,
    outcome: c.outcome,
    partner: c.partner as Partner | null,
    referredOn: c.referredOn,
    assignedTo: c.assignedTo,
    assignedName: row.assignedName,
    isDuplicate: c.duplicateOf !== null,
    duplicateOf:
      c.duplicateOf && row.originalReference ? { id: c.duplicateOf, reference: row.originalReference } : null,
    duplicates,
    duplicatesOutsideScope: (allDuplicates?.n ?? 0) - duplicates.length,
    createdAt: c.createdAt,
    events: (await hideOutsideOriginals(db, events, scope)).map(({ details, ...e }) => ({
      ...e,
      ward: e.kind === 'ward' ? (details as { from: string | null; to: string | null }) : null,
    })),
  };
}

/**
 * A "marked as a duplicate" event's public note names the original, as the resident was told it:
 * for a member who may not see that original, its reference is replaced with words.
 */
async function hideOutsideOriginals<E extends { kind: string; publicNote: string | null; details: unknown }>(
  db: DbOrTx,
  events: E[],
  scope: WardScope,
): Promise<E[]> {
  if (scope === 'all') return events;
  const ids = events.flatMap((e) =>
    e.kind === 'duplicate' && typeof (e.details as { original?: unknown })?.original === 'string'
      ? [(e.details as { original: string }).original]
      : [],
  );
  if (ids.length === 0) return events;
  const originals = await db
    .select({ id: concerns.id, reference: concerns.reference, wardId: concerns.wardId })
    .from(concerns)
    .where(inArray(concerns.id, ids));
  const hidden = originals.filter((o) => o.wardId === null || !coversWard(scope, { id: o.wardId }));
  return events.map((e) =>
    e.kind === 'duplicate' && e.publicNote
      ? {
          ...e,
          publicNote: hidden.reduce(
            (note, o) => note.replaceAll(o.reference, 'a concern outside your wards'),
            e.publicNote,
          ),
        }
      : e,
  );
}

/**
 * One concern as a member opens it (its page, with the resident's free text): audited, one row per
 * view, in the way a contact reveal is. Null, and nothing audited, when missing or outside the scope.
 * The page calls it behind `requireChosenView`; lists of concerns are not audited.
 */
export async function viewStaffConcern(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
): Promise<StaffConcern | null> {
  return db.transaction(async (tx) => {
    const concern = await getStaffConcern(tx, id, scope);
    if (concern)
      await writeAuditBy(tx, actor, { action: 'concern.view', recordType: 'concern', recordId: id });
    return concern;
  });
}

export interface ConcernContact {
  name: string | null;
  email: string | null;
  phone: string | null;
  preference: string | null;
}

/** The reporter's contact details, for a member who gave a reason: the view is audited with it. */
export async function viewConcernContact(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  reason: string,
): Promise<ConcernContact> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        anonymous: concerns.anonymous,
        name: concerns.contactName,
        email: concerns.contactEmail,
        phone: concerns.contactPhone,
        preference: concerns.contactPreference,
      })
      .from(concerns)
      .where(inScopeById(id, scope));
    if (!row) throw new ConcernNotFoundError();
    if (row.anonymous)
      throw new TriageRefusedError('The resident chose to stay anonymous: there are no contact details');
    await writeAuditBy(tx, actor, {
      action: 'concern.view_contact',
      recordType: 'concern',
      recordId: id,
      reason,
    });
    return { name: row.name, email: row.email, phone: row.phone, preference: row.preference };
  });
}
