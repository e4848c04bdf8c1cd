// Staff publishing meetings and events: add, edit, move, cancel. Every change keeps to the member's
// scope (a ward officer: their wards' events only; a borough-wide event needs a member who sees
// every ward), commits with its audit row, raises the iCalendar SEQUENCE when calendars must pick
// it up, purges the cached pages that list events, and — for a Ward Panel meeting added, moved or
// cancelled — queues one notice per current panel member in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { boroughs, communityEvents } from '../../../db/schema/index.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import { type EventChange, eventNoticeEmail } from '../email/messages/event-notice.ts';
import { enqueueEmails } from '../email/outbox.server.ts';
import { activeMemberAddresses } from '../panels/members.server.ts';
import { wardInScope } from '../priorities/priorities.server.ts';
import type { EventDetails, PlaceRef } from './events.schema.ts';
import { type CommunityEvent, EventError, type EventInput, formatEventTimes } from './events.ts';
import { eventsEndedBetween, getEventForStaff, type StaffEvent } from './events-read.server.ts';
import { eventIcsPath, eventPath, whereText } from './ics.ts';

/** What the notices need besides the event: the site's public address. */
export interface EventMail {
  baseUrl: string;
}

/** The pages that show events: ward pages, /events and its archive, the event pages and feeds. */
const EVENT_PAGES = ['wards', 'events'] as const;

/** The event locked for a change, in scope, and not cancelled; refused otherwise. */
async function lockEvent(tx: Tx, id: number, scope: WardScope): Promise<StaffEvent> {
  const [locked] = await tx
    .select({ id: communityEvents.id })
    .from(communityEvents)
    .where(and(eq(communityEvents.id, id), inScope(communityEvents.wardId, scope)))
    .for('update');
  const event = locked ? await getEventForStaff(tx, id, scope) : null;
  if (!event) throw new EventError('not_found');
  if (event.status === 'cancelled') throw new EventError('cancelled');
  return event;
}

/** Queues the notice of a Ward Panel meeting's change to each of its ward's current panel members. */
async function noticeMembers(
  tx: Tx,
  event: StaffEvent,
  change: EventChange,
  mail: EventMail,
  previously?: { startsAt: Date; endsAt: Date },
): Promise<number> {
  if (event.kind !== 'panel_meeting' || event.wardId === null || event.place.kind !== 'ward') return 0;
  const members = await activeMemberAddresses(tx, event.wardId);
  if (members.length === 0) return 0;
  const message = eventNoticeEmail({
    change,
    wardName: event.place.name,
    title: event.title,
    when: formatEventTimes(event.startsAt, event.endsAt),
    ...(previously ? { previously: formatEventTimes(previously.startsAt, previously.endsAt) } : {}),
    where: whereText(event),
    accessInfo: event.accessInfo,
    note: change === 'added' ? null : event.statusNote,
    eventUrl: `${mail.baseUrl}${eventPath(event.uid)}`,
    icsUrl: `${mail.baseUrl}${eventIcsPath(event.uid)}`,
  });
  // One notice per member per version of the event: a retried change queues nothing twice.
  await enqueueEmails(
    tx,
    members.map((m) => ({
      ...message,
      to: m.email,
      dedupeKey: `event-notice/${event.uid}/${event.sequence}/${m.membershipId}`,
    })),
  );
  return members.length;
}

async function resolvePlace(
  tx: Tx,
  place: PlaceRef,
  kind: EventInput['kind'],
  scope: WardScope,
): Promise<{ wardId: number | null; boroughId: number | null; label: string }> {
  if (place.kind === 'ward') {
    const ward = await wardInScope(tx, place.slug, scope);
    if (!ward) throw new EventError('place_not_allowed');
    return { wardId: ward.id, boroughId: null, label: ward.slug };
  }
  if (kind === 'panel_meeting') throw new EventError('meeting_needs_ward');
  if (scope !== 'all') throw new EventError('place_not_allowed');
  const [borough] = await tx.select({ id: boroughs.id }).from(boroughs).where(eq(boroughs.slug, place.slug));
  if (!borough) throw new EventError('place_not_allowed');
  return { wardId: null, boroughId: borough.id, label: `borough:${place.slug}` };
}

/** Adds an event; members of the ward's panel hear of a new panel meeting. Returns its id. */
export function createEvent(
  db: Db,
  place: PlaceRef,
  input: EventInput,
  actor: Actor,
  scope: WardScope,
  mail: EventMail,
): Promise<{ id: number; uid: string }> {
  return changingPublicContent(db, EVENT_PAGES, async (tx) => {
    const where = await resolvePlace(tx, place, input.kind, scope);
    const [row] = await tx
      .insert(communityEvents)
      .values({
        uid: randomUUID(),
        ...input,
        wardId: where.wardId,
        boroughId: where.boroughId,
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .returning({ id: communityEvents.id, uid: communityEvents.uid });
    if (!row) throw new Error('Insert returned nothing');
    const event = await getEventForStaff(tx, row.id, 'all');
    if (!event) throw new Error('The event just added is not there');
    const notified = await noticeMembers(tx, event, 'added', mail);
    await writeAuditBy(tx, actor, {
      action: 'event.create',
      recordType: 'community_event',
      recordId: row.id,
      details: {
        place: where.label,
        kind: input.kind,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        notified,
      },
    });
    return row;
  });
}

const DETAIL_FIELDS = [
  'kind',
  'title',
  'description',
  'venueName',
  'venueAddress',
  'accessInfo',
  'onlineUrl',
] as const satisfies readonly (keyof EventDetails)[];

/**
 * Corrects an event's details. Nothing is written when nothing changed; otherwise calendars pick up
 * the change (SEQUENCE + 1). No notice: a change members must hear of is a move or a cancellation.
 */
export function editEvent(
  db: Db,
  id: number,
  details: EventDetails,
  actor: Actor,
  scope: WardScope,
): Promise<{ changed: string[] }> {
  return changingPublicContent(db, EVENT_PAGES, async (tx) => {
    const event = await lockEvent(tx, id, scope);
    if (details.kind === 'panel_meeting' && event.place.kind !== 'ward')
      throw new EventError('meeting_needs_ward');
    const changed = DETAIL_FIELDS.filter((f) => event[f] !== details[f]);
    if (changed.length === 0) return { changed };
    await tx
      .update(communityEvents)
      .set({
        ...details,
        sequence: sql`${communityEvents.sequence} + 1`,
        updatedBy: actor.id,
        updatedAt: new Date(),
      })
      .where(eq(communityEvents.id, id));
    await writeAuditBy(tx, actor, {
      action: 'event.edit',
      recordType: 'community_event',
      recordId: id,
      details: { changed },
    });
    return { changed };
  });
}

/** Moves an event to new times with a note; members hear of a panel meeting's move. */
export function moveEvent(
  db: Db,
  id: number,
  move: { startsAt: Date; endsAt: Date; note: string },
  actor: Actor,
  scope: WardScope,
  mail: EventMail,
): Promise<CommunityEvent> {
  return changingPublicContent(db, EVENT_PAGES, async (tx) => {
    const event = await lockEvent(tx, id, scope);
    if (
      event.startsAt.getTime() === move.startsAt.getTime() &&
      event.endsAt.getTime() === move.endsAt.getTime()
    )
      throw new EventError('same_times');
    await tx
      .update(communityEvents)
      .set({
        startsAt: move.startsAt,
        endsAt: move.endsAt,
        status: 'moved',
        statusNote: move.note,
        movedFrom: event.startsAt,
        sequence: sql`${communityEvents.sequence} + 1`,
        updatedBy: actor.id,
        updatedAt: new Date(),
      })
      .where(eq(communityEvents.id, id));
    const moved = await getEventForStaff(tx, id, 'all');
    if (!moved) throw new Error('The event just moved is not there');
    const notified = await noticeMembers(tx, moved, 'moved', mail, event);
    await writeAuditBy(tx, actor, {
      action: 'event.move',
      recordType: 'community_event',
      recordId: id,
      reason: move.note,
      details: { from: event.startsAt, to: move.startsAt, endsAt: move.endsAt, notified },
    });
    return moved;
  });
}

/** Cancels an event with a note; it stays listed, marked cancelled. Members hear of a panel meeting's. */
export function cancelEvent(
  db: Db,
  id: number,
  note: string,
  actor: Actor,
  scope: WardScope,
  mail: EventMail,
): Promise<CommunityEvent> {
  return changingPublicContent(db, EVENT_PAGES, async (tx) => {
    await lockEvent(tx, id, scope);
    await tx
      .update(communityEvents)
      .set({
        status: 'cancelled',
        statusNote: note,
        sequence: sql`${communityEvents.sequence} + 1`,
        updatedBy: actor.id,
        updatedAt: new Date(),
      })
      .where(eq(communityEvents.id, id));
    const cancelled = await getEventForStaff(tx, id, 'all');
    if (!cancelled) throw new Error('The event just cancelled is not there');
    const notified = await noticeMembers(tx, cancelled, 'cancelled', mail);
    await writeAuditBy(tx, actor, {
      action: 'event.cancel',
      recordType: 'community_event',
      recordId: id,
      reason: note,
      details: { startsAt: cancelled.startsAt, notified },
    });
    return cancelled;
  });
}

/**
 * The scheduler's job: when an event has ended within the last `window` ms, the pages listing it as
 * upcoming are purged (they work out upcoming and past as they render, but the page cache keeps a
 * page until told). `window` spans two scheduler ticks, so a late tick misses nothing; purging twice
 * is harmless. Returns how many events ended.
 */
export async function announceEndedEvents(db: Db, now: Date, window: number): Promise<number> {
  const ended = await eventsEndedBetween(db, new Date(now.getTime() - window), now);
  if (ended === 0) return 0;
  return changingPublicContent(db, EVENT_PAGES, async () => ended);
}
