// Staff triage of one concern: its detail and history as staff see it (no contact details), and the
// reporter's contact details behind a reason, the view audited with it. Outside the member's ward
// scope a concern is not found.
import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, concernEvents, concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import type { WardScope } from '../auth/ward-scope.ts';
import type { Category, ConcernStatus, Partner } from './concerns.ts';
import { ConcernNotFoundError, TriageRefusedError } from './triage-errors.ts';
import { inScopeById } from './triage-scope.server.ts';

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
  duplicateOf: { id: string; reference: string } | null;
  duplicates: { id: string; reference: string }[];
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
    .leftJoin(original, eq(original.id, concerns.duplicateOf))
    .where(inScopeById(id, scope));
  if (!row) return null;
  const c = row.c;
  const [events, duplicates] = await Promise.all([
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
      .where(eq(concerns.duplicateOf, id))
      .orderBy(asc(concerns.reference)),
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
    duplicateOf:
      c.duplicateOf && row.originalReference ? { id: c.duplicateOf, reference: row.originalReference } : null,
    duplicates,
    createdAt: c.createdAt,
    events: events.map(({ details, ...e }) => ({
      ...e,
      ward: e.kind === 'ward' ? (details as { from: string | null; to: string | null }) : null,
    })),
  };
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
