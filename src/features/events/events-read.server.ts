// Reading meetings and events: what the public pages, the calendar feeds and the staff pages show.
// Upcoming means not yet ended (an event under way is still upcoming); past ones go to the archive.
// Staff reads keep to the member's scope: a borough-wide event has no ward, so only members who
// see every ward (liaison officers, admins) see it.
import { and, asc, count, desc, eq, gt, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, communityEvents, wards } from '../../../db/schema/index.ts';
import { type Paged, paginate } from '../../lib/paging.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import {
  ARCHIVE_PAGE_SIZE,
  type CommunityEvent,
  type EventKind,
  type EventPlace,
  type EventStatus,
} from './events.ts';

/** How far back a calendar feed reaches: recent past events stay in subscribers' calendars. */
export const FEED_PAST_DAYS = 180;
/** The most upcoming events one page lists (years of meetings; more would be a data problem). */
export const UPCOMING_LIMIT = 200;

const columns = {
  id: communityEvents.id,
  uid: communityEvents.uid,
  kind: communityEvents.kind,
  wardId: communityEvents.wardId,
  wardSlug: wards.slug,
  wardName: wards.name,
  boroughSlug: boroughs.slug,
  boroughName: boroughs.name,
  title: communityEvents.title,
  description: communityEvents.description,
  startsAt: communityEvents.startsAt,
  endsAt: communityEvents.endsAt,
  venueName: communityEvents.venueName,
  venueAddress: communityEvents.venueAddress,
  accessInfo: communityEvents.accessInfo,
  onlineUrl: communityEvents.onlineUrl,
  status: communityEvents.status,
  statusNote: communityEvents.statusNote,
  movedFrom: communityEvents.movedFrom,
  sequence: communityEvents.sequence,
  updatedAt: communityEvents.updatedAt,
};

type Row = Awaited<ReturnType<typeof selectEvents>>[number];

function toEvent(r: Row): CommunityEvent & { wardId: number | null } {
  const borough = { slug: r.boroughSlug ?? '', name: r.boroughName ?? '' };
  const place: EventPlace =
    r.wardSlug && r.wardName
      ? { kind: 'ward', slug: r.wardSlug, name: r.wardName }
      : { kind: 'borough', ...borough };
  return {
    id: r.id,
    uid: r.uid,
    kind: r.kind as EventKind,
    wardId: r.wardId,
    place,
    borough,
    title: r.title,
    description: r.description,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    venueName: r.venueName,
    venueAddress: r.venueAddress,
    accessInfo: r.accessInfo,
    onlineUrl: r.onlineUrl,
    status: r.status as EventStatus,
    statusNote: r.statusNote,
    movedFrom: r.movedFrom,
    sequence: r.sequence,
    updatedAt: r.updatedAt,
  };
}

/** Events with their ward and borough (a ward's borough, or the event's own). */
function selectEvents(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(columns)
    .from(communityEvents)
    .leftJoin(wards, eq(wards.id, communityEvents.wardId))
    .innerJoin(boroughs, eq(boroughs.id, sql`coalesce(${wards.boroughId}, ${communityEvents.boroughId})`))
    .where(where);
}

/** A ward's own events and its borough's borough-wide ones. */
function forWard(ward: WardRef): SQL | undefined {
  return or(
    eq(communityEvents.wardId, ward.id),
    and(isNull(communityEvents.wardId), eq(boroughs.slug, ward.borough.slug)),
  );
}

/** A ward as getWard gives it: its id and its borough. */
export interface WardRef {
  id: number;
  borough: { slug: string };
}

const upcoming = (now: Date) => gt(communityEvents.endsAt, now);

/** Every event not yet ended (or a ward's and its borough's), soonest first. */
export async function listUpcomingEvents(
  db: Db,
  options: { ward?: WardRef; now?: Date; limit?: number } = {},
): Promise<CommunityEvent[]> {
  const now = options.now ?? new Date();
  const rows = await selectEvents(db, and(upcoming(now), options.ward ? forWard(options.ward) : undefined))
    .orderBy(asc(communityEvents.startsAt), asc(communityEvents.id))
    .limit(options.limit ?? UPCOMING_LIMIT);
  return rows.map(toEvent);
}

/** The archive: events that have ended, the latest first, a page at a time. */
export function listPastEvents(db: Db, page: number, now = new Date()): Promise<Paged<CommunityEvent>> {
  const ended = lte(communityEvents.endsAt, now);
  return paginate(
    { page, size: ARCHIVE_PAGE_SIZE },
    async ({ limit, offset }) =>
      (
        await selectEvents(db, ended)
          .orderBy(desc(communityEvents.startsAt), desc(communityEvents.id))
          .limit(limit)
          .offset(offset)
      ).map(toEvent),
    async () => Number((await db.select({ n: count() }).from(communityEvents).where(ended))[0]?.n ?? 0),
  );
}

/** One event by its public uid (a malformed uid is simply not found). */
export async function getEventByUid(db: Db, uid: string): Promise<CommunityEvent | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uid)) return null;
  const [row] = await selectEvents(db, eq(communityEvents.uid, uid));
  return row ? toEvent(row) : null;
}

/** What a calendar feed carries: every upcoming event and those of the last FEED_PAST_DAYS. */
export async function listFeedEvents(
  db: Db,
  options: { ward?: WardRef; now?: Date } = {},
): Promise<CommunityEvent[]> {
  const since = new Date((options.now ?? new Date()).getTime() - FEED_PAST_DAYS * 86_400_000);
  const rows = await selectEvents(
    db,
    and(gt(communityEvents.endsAt, since), options.ward ? forWard(options.ward) : undefined),
  ).orderBy(asc(communityEvents.startsAt), asc(communityEvents.id));
  return rows.map(toEvent);
}

export type StaffEvent = CommunityEvent & { wardId: number | null };

/** The events in the member's scope: upcoming first (soonest first), then past (latest first). */
export async function listEventsForStaff(
  db: Db,
  scope: WardScope,
  now = new Date(),
): Promise<{ upcoming: StaffEvent[]; past: StaffEvent[] }> {
  const [next, past] = await Promise.all([
    selectEvents(db, and(upcoming(now), inScope(communityEvents.wardId, scope)))
      .orderBy(asc(communityEvents.startsAt), asc(communityEvents.id))
      .limit(UPCOMING_LIMIT),
    selectEvents(db, and(lte(communityEvents.endsAt, now), inScope(communityEvents.wardId, scope)))
      .orderBy(desc(communityEvents.startsAt), desc(communityEvents.id))
      .limit(ARCHIVE_PAGE_SIZE),
  ]);
  return { upcoming: next.map(toEvent), past: past.map(toEvent) };
}

/** One event in the member's scope; null if there is none. */
export async function getEventForStaff(db: DbOrTx, id: number, scope: WardScope): Promise<StaffEvent | null> {
  const [row] = await selectEvents(
    db,
    and(eq(communityEvents.id, id), inScope(communityEvents.wardId, scope)),
  );
  return row ? toEvent(row) : null;
}

/** Whether any event ended in (since, now]: the scheduler then purges the pages listing it as upcoming. */
export async function eventsEndedBetween(db: Db, since: Date, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(communityEvents)
    .where(and(gt(communityEvents.endsAt, since), lte(communityEvents.endsAt, now)));
  return Number(row?.n ?? 0);
}
