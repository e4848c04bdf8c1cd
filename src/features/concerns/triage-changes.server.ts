// Staff triage changes to a concern: its ward, its assignee, its status with a public and an internal
// note, referral to a partner, marking it a duplicate. Only within the member's ward scope. A change,
// its event, its emails to the reporter(s) and its audit row are one transaction.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { concernEvents, concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { coversWard, inScope, type WardScope } from '../auth/ward-scope.ts';
import { concernUpdateEmail } from '../email/messages/concern-emails.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import {
  type ConcernStatus,
  normaliseReference,
  PARTNER_LABELS,
  type Partner,
  personalDetailKinds,
  STATUS_LABELS,
} from './concerns.ts';
import {
  ConcernNotFoundError,
  OriginalNotFoundError,
  PersonalDetailsError,
  TriageRefusedError,
  WardNotAllowedError,
} from './triage-errors.ts';
import { inScopeById, mayTriageInWard } from './triage-scope.server.ts';

/**
 * Puts a concern in a ward (`wardSlug`), or back to "not known" (null), so that the ward's officers
 * see it. The member must see the concern; a ward officer may put it only in one of their own wards
 * (to another ward, or back to "not known", is for liaison officers and administrators, who see
 * every ward). The change, its event (with the wards' names, for the history) and its audit row are
 * one transaction; choosing the ward it is in already changes nothing. An assignee who may not triage
 * in the new ward (a ward officer of the old one) is taken off it in the same transaction, with its
 * own event and audit row: they could no longer see it, and it would look taken care of.
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
      .select({ wardId: concerns.wardId, assignedTo: concerns.assignedTo })
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
    if (current.assignedTo) {
      const [stays] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, current.assignedTo), mayTriageInWard(to)));
      if (!stays) await recordAssignee(tx, actor, id, null, now, 'ward');
    }
  });
}

/** Sets a concern's assignee with its event and audit row (`because`: why, when not chosen). */
async function recordAssignee(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  assignee: string | null,
  now: Date,
  because?: 'ward',
): Promise<void> {
  const details = because ? { assignee, because } : { assignee };
  await tx.update(concerns).set({ assignedTo: assignee, updatedAt: now }).where(eq(concerns.id, id));
  await tx
    .insert(concernEvents)
    .values({ concernId: id, at: now, kind: 'assigned', actorId: actor.id, details });
  await writeAuditBy(tx, actor, { action: 'concern.assign', recordType: 'concern', recordId: id, details });
}

/**
 * Staff who can be given a concern in this ward (null: no ward known): active members who may triage
 * it (see `mayTriageInWard`). The concern's own ward decides, not the member choosing.
 */
export async function listAssignableStaff(
  db: DbOrTx,
  wardId: number | null,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(mayTriageInWard(wardId))
    .orderBy(asc(staffUsers.name));
}

/**
 * Gives a concern to a member (null: to nobody). Only someone `listAssignableStaff` offers for the
 * concern's ward may be given it: anyone else is refused here, not only left out of the list.
 */
export async function assignConcern(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
  assignee: string | null,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ wardId: concerns.wardId })
      .from(concerns)
      .where(inScopeById(id, scope))
      .for('update');
    if (!current) throw new ConcernNotFoundError();
    if (assignee) {
      const [member] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, assignee), mayTriageInWard(current.wardId)));
      if (!member) throw new TriageRefusedError('Choose an officer from the list');
    }
    await recordAssignee(tx, actor, id, assignee, now);
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
 * points at the first original, which must be within the scope too.
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
    // The first original must be within the scope too: one outside it is refused as if it did not
    // exist (it would otherwise be named in the note, the history and the answer).
    const [original] = await tx
      .select({ id: concerns.id, reference: concerns.reference, status: concerns.status })
      .from(concerns)
      .where(inScopeById(originalId, scope));
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
    const note = `This report is about the same thing as report ${original.reference}. They are being dealt with together, so it now shows that report’s progress.`;
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
