// Ward Panel meetings and community events: their kinds and states, the words residents read, and
// their times written as people in London say them ("Tuesday 13 January 2027, 6:30pm to 8pm").
// Pure: pages, emails, calendars and tests share it.
import { DomainError } from '../../lib/domain-error.ts';
import { formatClock, formatDay } from '../../lib/format.ts';

export const EVENT_KINDS = ['panel_meeting', 'community_event'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  panel_meeting: 'Ward Panel meeting',
  community_event: 'Community event',
};

export type EventStatus = 'scheduled' | 'moved' | 'cancelled';
export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  scheduled: 'Scheduled',
  moved: 'Moved',
  cancelled: 'Cancelled',
};

export const TITLE_MAX_LENGTH = 120;
export const DESCRIPTION_MAX_LENGTH = 2_000;
export const VENUE_MAX_LENGTH = 200;
export const ADDRESS_MAX_LENGTH = 300;
export const ACCESS_MAX_LENGTH = 1_000;
export const NOTE_MAX_LENGTH = 500;
export const URL_MAX_LENGTH = 500;
/** An event lasts at most this long: a meeting or a surgery, not a festival. */
export const MAX_DURATION_HOURS = 12;
/** Events per page of the /events archive. */
export const ARCHIVE_PAGE_SIZE = 20;

/** Where an event belongs: a ward (its panel, or a local event) or a whole borough. */
export type EventPlace =
  | { kind: 'ward'; slug: string; name: string }
  | { kind: 'borough'; slug: string; name: string };

export interface CommunityEvent {
  id: number;
  uid: string;
  kind: EventKind;
  place: EventPlace;
  /** The borough of the ward, or the borough itself. */
  borough: { slug: string; name: string };
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  accessInfo: string | null;
  onlineUrl: string | null;
  status: EventStatus;
  statusNote: string | null;
  movedFrom: Date | null;
  sequence: number;
  updatedAt: Date;
}

/** What a staff member types for an event (times already London wall-clock → instants). */
export interface EventInput {
  kind: EventKind;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  accessInfo: string | null;
  onlineUrl: string | null;
}

export type EventErrorCode =
  /** No such event, or its ward (or borough) is outside the member's scope. */
  | 'not_found'
  /** A ward officer naming a borough, or a ward outside their scope. */
  | 'place_not_allowed'
  /** A cancelled event cannot change again. */
  | 'cancelled'
  /** A move must change the times. */
  | 'same_times'
  /** A panel meeting belongs to a ward. */
  | 'meeting_needs_ward';

export class EventError extends DomainError<'event', EventErrorCode> {
  constructor(code: EventErrorCode) {
    super('event', code, {}, `Event: ${code}`);
    this.name = 'EventError';
  }
}

/** Still to come (or happening now): shown first; after it ends it goes to the archive. */
export function isUpcoming(event: { endsAt: Date }, now: Date): boolean {
  return event.endsAt.getTime() > now.getTime();
}

/**
 * "Tuesday 13 January 2027, 6:30pm to 8pm" in London time; an event ending on a later day names
 * both days ("Friday 1 January 2027, 11pm to Saturday 2 January 2027, 1am").
 */
export function formatEventTimes(startsAt: Date, endsAt: Date): string {
  const first = formatDay(startsAt);
  const last = formatDay(endsAt);
  const end = first === last ? formatClock(endsAt) : `${last}, ${formatClock(endsAt)}`;
  return `${first}, ${formatClock(startsAt)} to ${end}`;
}

/** The place's name as a heading or an email says it: "Highgate ward" or "Camden (borough-wide)". */
export function placeLabel(place: EventPlace): string {
  return place.kind === 'ward' ? `${place.name} ward` : `${place.name} (borough-wide)`;
}

/** The form's place value: "ward:<slug>" or "borough:<slug>". */
export function placeValue(place: { kind: 'ward' | 'borough'; slug: string }): string {
  return `${place.kind}:${place.slug}`;
}
