// Staff triage of concerns: the queue, the detail, contact details behind a reason, the ward,
// assignment, status changes with a public and an internal note, referral to a partner, duplicates.
// Every query keeps to the member's ward scope (a concern outside it, or with no ward for a ward
// officer, is not found). A change, its event, its emails to the reporter(s) and its audit row are one
// transaction.
import { stringify } from 'csv-stringify/sync';
import { and, asc, count, eq, gte, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, concernEvents, concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { concernUpdateEmail } from '../../emails/concern-emails.ts';
import { DAY_MS } from '../../lib/dates.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { type Paged, paginate } from '../../lib/paging.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { coversWard, inScope, type WardScope } from '../auth/ward-scope.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import type { QueueFilter } from './concerns.schema.ts';
import {
  type Category,
  type ConcernStatus,
  normaliseReference,
  PARTNER_LABELS,
  type Partner,
  type PiiKind,
  personalDetailKinds,
  STATUS_LABELS,
  STATUSES,
} from './concerns.ts';

export type TriageErrorCode =
  | 'not_found'
  | 'personal_details'
  | 'refused'
  | 'ward_not_allowed'
  | 'original_not_found';

export class ConcernNotFoundError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'not_found', {}, 'Concern not found');
  }
}
/** The public note looks like it holds a personal detail and the member has not confirmed it. */
export class PersonalDetailsError extends DomainError<'triage', TriageErrorCode, { kinds: PiiKind[] }> {
  readonly kinds: PiiKind[];
  constructor(kinds: PiiKind[]) {
    super('triage', 'personal_details', { kinds }, 'Public note holds personal details');
    this.kinds = kinds;
  }
}
/** A change the concern's state does not allow: `message` is what the member is told. */
export class TriageRefusedError extends DomainError<'triage', TriageErrorCode> {
  constructor(message: string) {
    super('triage', 'refused', {}, message);
  }
}
/** The ward asked for does not exist, or is not the member's to put a concern in. */
export class WardNotAllowedError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'ward_not_allowed', {}, 'Choose a ward from the list');
  }
}
/** The reference given as a duplicate's original: no concern within the member's scope has it. */
export class OriginalNotFoundError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'original_not_found', {}, 'No concern you can see has that reference');
  }
}

export const QUEUE_PAGE_SIZE = 25;

export interface QueueRow {
  id: string;
  reference: string;
  category: Category;
  wardName: string | null;
  status: ConcernStatus;
  createdAt: Date;
  assignedName: string | null;
  duplicate: boolean;
}

function queueConditions(scope: WardScope, filter: QueueFilter, wardId: number | null, now: Date) {
  const age = filter.age;
  const parts: (SQL | undefined)[] = [
    inScope(concerns.wardId, scope),
    filter.ward ? (wardId === null ? sql`false` : eq(concerns.wardId, wardId)) : undefined,
    filter.category ? eq(concerns.category, filter.category) : undefined,
    age === '1' || age === '7' || age === '30'
      ? gte(concerns.createdAt, new Date(now.getTime() - Number(age) * DAY_MS))
      : age === 'older'
        ? lt(concerns.createdAt, new Date(now.getTime() - 30 * DAY_MS))
        : undefined,
  ];
  return parts;
}

function statusCondition(status: QueueFilter['status']): SQL | undefined {
  if (!status) return undefined;
  if (status === 'open') return ne(concerns.status, 'closed');
  return eq(concerns.status, status);
}

async function wardIdOf(db: DbOrTx, slug: string | undefined): Promise<number | null> {
  if (!slug) return null;
  const [row] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, slug));
  return row?.id ?? null;
}

/** The queue, oldest first, with how many concerns of each status the other filters leave. */
export async function listConcernQueue(
  db: Db,
  scope: WardScope,
  filter: QueueFilter,
  now = new Date(),
): Promise<Paged<QueueRow> & { counts: Record<ConcernStatus, number> }> {
  const wardId = await wardIdOf(db, filter.ward);
  const base = queueConditions(scope, filter, wardId, now);
  const where = and(...base, statusCondition(filter.status));
  const assignee = alias(staffUsers, 'assignee');
  const [paged, counted] = await Promise.all([
    paginate(
      { page: filter.page, size: QUEUE_PAGE_SIZE },
      ({ limit, offset }) =>
        db
          .select({
            id: concerns.id,
            reference: concerns.reference,
            category: concerns.category,
            wardName: wards.name,
            status: concerns.status,
            createdAt: concerns.createdAt,
            assignedName: assignee.name,
            duplicateOf: concerns.duplicateOf,
          })
          .from(concerns)
          .leftJoin(wards, eq(wards.id, concerns.wardId))
          .leftJoin(assignee, eq(assignee.id, concerns.assignedTo))
          .where(where)
          .orderBy(asc(concerns.createdAt), asc(concerns.reference))
          .limit(limit)
          .offset(offset)
          .then((rows) =>
            rows.map(({ duplicateOf, ...r }) => ({
              ...r,
              category: r.category as Category,
              duplicate: duplicateOf !== null,
            })),
          ),
      async () => {
        const [row] = await db.select({ n: count() }).from(concerns).where(where);
        return row?.n ?? 0;
      },
    ),
    db
      .select({ status: concerns.status, n: count() })
      .from(concerns)
      .where(and(...base))
      .groupBy(concerns.status),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ConcernStatus, number>;
  for (const c of counted) counts[c.status] = c.n;
  return { ...paged, counts };
}

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

const inScopeById = (id: string, scope: WardScope) =>
  and(eq(concerns.id, id), inScope(concerns.wardId, scope));

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

/**
 * Puts a concern in a ward (`wardSlug`), or back to "not known" (null), so that the ward's officers
 * see it. The member must see the concern; a ward officer may put it only in one of their own wards
 * (to another ward, or back to "not known", is for liaison officers and administrators, who see
 * every ward). The change, its event (with the wards' names, for the history) and its audit row are
 * one transaction; choosing the ward it is in already changes nothing.
 */
export async function setConcernWard(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  wardSlug: string | null,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    let target: { id: number; name: string } | null = null;
    if (wardSlug !== null) {
      [target = null] = await tx
        .select({ id: wards.id, name: wards.name })
        .from(wards)
        .where(eq(wards.slug, wardSlug));
    }
    if (target ? !coversWard(scope, target) : wardSlug !== null || scope !== 'all') {
      throw new WardNotAllowedError();
    }
    const [current] = await tx
      .select({ wardId: concerns.wardId })
      .from(concerns)
      .where(inScopeById(id, scope))
      .for('update');
    if (!current) throw new ConcernNotFoundError();
    const to = target?.id ?? null;
    if (current.wardId === to) return;
    const [from] = current.wardId
      ? await tx.select({ name: wards.name }).from(wards).where(eq(wards.id, current.wardId))
      : [];
    await tx.update(concerns).set({ wardId: to, updatedAt: now }).where(eq(concerns.id, id));
    await tx.insert(concernEvents).values({
      concernId: id,
      at: now,
      kind: 'ward',
      actorId: actor.id,
      details: { from: from?.name ?? null, to: target?.name ?? null },
    });
    await writeAuditBy(tx, actor, {
      action: 'concern.ward',
      recordType: 'concern',
      recordId: id,
      details: { from: current.wardId, to },
    });
  });
}

/** Staff who can be given a concern: active members whose role triages concerns. */
export async function listAssignableStaff(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(eq(staffUsers.active, true))
    .orderBy(asc(staffUsers.name));
}

export async function assignConcern(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  assignee: string | null,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    if (assignee) {
      const [member] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, assignee), eq(staffUsers.active, true)));
      if (!member) throw new TriageRefusedError('Choose an officer from the list');
    }
    const updated = await tx
      .update(concerns)
      .set({ assignedTo: assignee, updatedAt: now })
      .where(inScopeById(id, scope))
      .returning({ id: concerns.id });
    if (updated.length === 0) throw new ConcernNotFoundError();
    await tx.insert(concernEvents).values({
      concernId: id,
      at: now,
      kind: 'assigned',
      actorId: actor.id,
      details: { assignee },
    });
    await writeAuditBy(tx, actor, {
      action: 'concern.assign',
      recordType: 'concern',
      recordId: id,
      details: { assignee },
    });
  });
}

interface Change {
  status: ConcernStatus;
  publicNote: string;
  internalNote: string;
  outcome?: string;
  partner?: Partner;
  referredOn?: string;
  confirmPersonal?: boolean;
}

/** Emails everyone who reported this (the concern and its duplicates) and gave an email address. */
async function tellReporters(
  tx: DbOrTx,
  id: string,
  status: ConcernStatus,
  note: string | null,
  ctx: { baseUrl: string; now: Date; eventId: number },
): Promise<number> {
  const reporters = await tx
    .select({ id: concerns.id, reference: concerns.reference, email: concerns.contactEmail })
    .from(concerns)
    .where(
      and(
        sql`(${concerns.id} = ${id} or ${concerns.duplicateOf} = ${id})`,
        sql`${concerns.contactEmail} is not null`,
      ),
    );
  for (const r of reporters) {
    if (!r.email) continue;
    await enqueueEmail(
      tx,
      {
        to: r.email,
        ...concernUpdateEmail({
          reference: r.reference,
          statusLabel: STATUS_LABELS[status],
          note,
          trackUrl: `${ctx.baseUrl}/report/track?reference=${encodeURIComponent(r.reference)}`,
        }),
        dedupeKey: `concern-update/${r.id}/${ctx.eventId}`,
      },
      { now: ctx.now },
    );
  }
  return reporters.length;
}

async function applyChange(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  change: Change,
  ctx: { baseUrl: string; now?: Date; kind: 'status' | 'referred'; audit: string },
): Promise<void> {
  const now = ctx.now ?? new Date();
  const kinds = change.publicNote ? personalDetailKinds(change.publicNote) : [];
  if (kinds.length > 0 && !change.confirmPersonal) throw new PersonalDetailsError(kinds);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: concerns.status, duplicateOf: concerns.duplicateOf })
      .from(concerns)
      .where(inScopeById(id, scope))
      .for('update');
    if (!current) throw new ConcernNotFoundError();
    if (current.duplicateOf) {
      throw new TriageRefusedError(
        'This concern is a duplicate: it follows the original, so change the original instead',
      );
    }
    const closed = change.status === 'closed';
    await tx
      .update(concerns)
      .set({
        status: change.status,
        closedAt: closed ? now : null,
        outcome: closed ? (change.outcome ?? null) : null,
        ...(change.partner ? { partner: change.partner, referredOn: change.referredOn ?? null } : {}),
        updatedAt: now,
      })
      .where(eq(concerns.id, id));
    const statusChanged = current.status !== change.status || ctx.kind === 'referred';
    const publicNote =
      change.publicNote ||
      (ctx.kind === 'referred' && change.partner
        ? `Passed to ${PARTNER_LABELS[change.partner]}${change.referredOn ? ` on ${change.referredOn}` : ''}.`
        : closed && change.outcome
          ? `Outcome: ${change.outcome}`
          : null);
    const [event] = await tx
      .insert(concernEvents)
      .values({
        concernId: id,
        at: now,
        kind: ctx.kind,
        status: statusChanged ? change.status : null,
        publicNote,
        internalNote: change.internalNote || null,
        actorId: actor.id,
        details: change.partner ? { partner: change.partner, referredOn: change.referredOn } : null,
      })
      .returning({ id: concernEvents.id });
    const told =
      statusChanged || publicNote
        ? await tellReporters(tx, id, change.status, publicNote, {
            baseUrl: ctx.baseUrl,
            now,
            eventId: event?.id ?? 0,
          })
        : 0;
    await writeAuditBy(tx, actor, {
      action: ctx.audit,
      recordType: 'concern',
      recordId: id,
      details: { from: current.status, to: change.status, partner: change.partner ?? null, emailed: told },
    });
  });
}

export function changeConcernStatus(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  change: Omit<Change, 'partner' | 'referredOn'>,
  ctx: { baseUrl: string; now?: Date },
): Promise<void> {
  if (change.status === 'referred')
    throw new TriageRefusedError('Refer it to a partner with the referral form');
  return applyChange(db, actor, id, scope, change, { ...ctx, kind: 'status', audit: 'concern.status' });
}

export function referConcern(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  referral: {
    partner: Partner;
    referredOn: string;
    publicNote: string;
    internalNote: string;
    confirmPersonal?: boolean;
  },
  ctx: { baseUrl: string; now?: Date },
): Promise<void> {
  return applyChange(
    db,
    actor,
    id,
    scope,
    { ...referral, status: 'referred' },
    { ...ctx, kind: 'referred', audit: 'concern.refer' },
  );
}

/**
 * Marks a concern as reporting the same thing as another (by its reference, within the member's
 * scope). It then follows the original's status; its reporter is told. A duplicate of a duplicate
 * points at the first original.
 */
export async function markDuplicate(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  originalReference: string,
  ctx: { baseUrl: string; now?: Date },
): Promise<{ original: string }> {
  const now = ctx.now ?? new Date();
  const reference = normaliseReference(originalReference);
  if (!reference) throw new TriageRefusedError('Enter a reference like CN-2026-004271');
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: concerns.id, duplicateOf: concerns.duplicateOf, reference: concerns.reference })
      .from(concerns)
      .where(and(eq(concerns.reference, reference), inScope(concerns.wardId, scope)));
    if (!target) throw new OriginalNotFoundError();
    const originalId = target.duplicateOf ?? target.id;
    if (originalId === id) throw new TriageRefusedError('A concern cannot be a duplicate of itself');
    const [original] = await tx
      .select({ id: concerns.id, reference: concerns.reference, status: concerns.status })
      .from(concerns)
      .where(eq(concerns.id, originalId));
    if (!original) throw new OriginalNotFoundError();
    const updated = await tx
      .update(concerns)
      .set({ duplicateOf: original.id, updatedAt: now })
      .where(and(inScopeById(id, scope), isNull(concerns.duplicateOf)))
      .returning({ id: concerns.id });
    if (updated.length === 0) {
      const [exists] = await tx.select({ id: concerns.id }).from(concerns).where(inScopeById(id, scope));
      if (!exists) throw new ConcernNotFoundError();
      throw new TriageRefusedError('This concern is already marked as a duplicate');
    }
    // Its own duplicates now follow the first original too.
    await tx
      .update(concerns)
      .set({ duplicateOf: original.id, updatedAt: now })
      .where(eq(concerns.duplicateOf, id));
    const note = `This report is about the same thing as report ${original.reference}. They are being dealt with together, so it now shows that report's progress.`;
    const [event] = await tx
      .insert(concernEvents)
      .values({
        concernId: id,
        at: now,
        kind: 'duplicate',
        status: null,
        publicNote: note,
        actorId: actor.id,
        details: { original: original.id },
      })
      .returning({ id: concernEvents.id });
    const [self] = await tx
      .select({ reference: concerns.reference, email: concerns.contactEmail })
      .from(concerns)
      .where(eq(concerns.id, id));
    if (self?.email) {
      await enqueueEmail(
        tx,
        {
          to: self.email,
          ...concernUpdateEmail({
            reference: self.reference,
            statusLabel: STATUS_LABELS[original.status],
            note,
            trackUrl: `${ctx.baseUrl}/report/track?reference=${encodeURIComponent(self.reference)}`,
          }),
          dedupeKey: `concern-update/${id}/${event?.id ?? 0}`,
        },
        { now },
      );
    }
    await writeAuditBy(tx, actor, {
      action: 'concern.duplicate',
      recordType: 'concern',
      recordId: id,
      details: { original: original.id },
    });
    return { original: original.reference };
  });
}

/** Open concerns in scope, for the dashboard. */
export async function countOpenConcerns(db: Db, scope: WardScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(concerns)
    .where(and(ne(concerns.status, 'closed'), isNull(concerns.duplicateOf), inScope(concerns.wardId, scope)));
  return row?.n ?? 0;
}

/** The most rows one export holds. */
export const EXPORT_MAX_ROWS = 10_000;

/**
 * The filtered queue as CSV for the partnership's figures: no contact details and none of the
 * resident's free text (it can name people), cells that a spreadsheet would run as a formula
 * escaped (csv-stringify `escape_formulas`). The export is audited with its filter and row count.
 */
export async function exportConcernsCsv(
  db: Db,
  actor: Actor,
  scope: WardScope,
  filter: QueueFilter,
  now = new Date(),
): Promise<{ csv: string; rows: number }> {
  const wardId = await wardIdOf(db, filter.ward);
  const where = and(...queueConditions(scope, filter, wardId, now), statusCondition(filter.status));
  const assignee = alias(staffUsers, 'assignee');
  const original = alias(concerns, 'original');
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        reference: concerns.reference,
        createdAt: concerns.createdAt,
        category: concerns.category,
        ward: wards.name,
        borough: boroughs.name,
        status: concerns.status,
        partner: concerns.partner,
        referredOn: concerns.referredOn,
        outcome: concerns.outcome,
        closedAt: concerns.closedAt,
        duplicateOf: original.reference,
        assignedTo: assignee.name,
        anonymous: concerns.anonymous,
      })
      .from(concerns)
      .leftJoin(wards, eq(wards.id, concerns.wardId))
      .leftJoin(boroughs, eq(boroughs.id, wards.boroughId))
      .leftJoin(assignee, eq(assignee.id, concerns.assignedTo))
      .leftJoin(original, eq(original.id, concerns.duplicateOf))
      .where(where)
      .orderBy(asc(concerns.createdAt), asc(concerns.reference))
      .limit(EXPORT_MAX_ROWS);
    const csv = stringify(
      rows.map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        month: r.createdAt.toISOString().slice(0, 7),
        closedAt: r.closedAt?.toISOString() ?? '',
        status: STATUS_LABELS[r.status],
        partner: r.partner ? PARTNER_LABELS[r.partner as Partner] : '',
        anonymous: r.anonymous ? 'yes' : 'no',
      })),
      {
        header: true,
        bom: true,
        escape_formulas: true,
        columns: [
          { key: 'reference', header: 'Reference' },
          { key: 'createdAt', header: 'Sent' },
          { key: 'month', header: 'Month' },
          { key: 'category', header: 'Kind' },
          { key: 'ward', header: 'Ward' },
          { key: 'borough', header: 'Borough' },
          { key: 'status', header: 'Status' },
          { key: 'partner', header: 'Referred to' },
          { key: 'referredOn', header: 'Referred on' },
          { key: 'outcome', header: 'Outcome' },
          { key: 'closedAt', header: 'Closed' },
          { key: 'duplicateOf', header: 'Duplicate of' },
          { key: 'assignedTo', header: 'Assigned to' },
          { key: 'anonymous', header: 'Anonymous' },
        ],
      },
    );
    await writeAuditBy(tx, actor, {
      action: 'concern.export',
      recordType: 'concern_list',
      details: { ...filter, rows: rows.length },
    });
    return { csv, rows: rows.length };
  });
}
