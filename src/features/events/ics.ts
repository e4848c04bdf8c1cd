// Calendar files (RFC 5545) for meetings and events: one event's .ics, a ward's feed, the feed of
// every event. Times are written as Europe/London wall-clock time with the zone's VTIMEZONE, so a
// calendar keeps 6:30pm at 6:30pm on either side of a clock change. ical-generator formats a plain
// Date with the process's own zone when an event has a timezone: each time goes in as a TZDate in
// London (@date-fns/tz), and the calendar itself has no zone name, which keeps DTSTAMP in UTC.
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { SITE_NAME } from '../../lib/site.ts';
import { type CommunityEvent, placeLabel } from './events.ts';

export const ZONE = 'Europe/London';
export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';
/** The UID's right-hand side: fixed, so a calendar follows an event whatever the site's address. */
const UID_DOMAIN = 'cn-community-safety';

export const eventPath = (uid: string) => `/events/${uid}`;
export const eventIcsPath = (uid: string) => `/api/events/${uid}.ics`;
export const allEventsFeedPath = '/api/events.ics';
export const wardFeedPath = (wardSlug: string) => `/api/wards/${wardSlug}/events.ics`;

/** The webcal:// form of a feed's address, which calendar apps open as a subscription. */
export function webcalUrl(absolute: string): string {
  return absolute.replace(/^https?:\/\//, 'webcal://');
}

/** The UID a calendar knows an event by: the row's uid, stable through moves and cancellation. */
export const icsUid = (uid: string) => `${uid}@${UID_DOMAIN}`;

/** Venue, address; then "Online" if it is also online. */
export function whereText(e: Pick<CommunityEvent, 'venueName' | 'venueAddress' | 'onlineUrl'>): string {
  const venue = [e.venueName, e.venueAddress].filter(Boolean).join(', ');
  if (venue && e.onlineUrl) return `${venue} (or online)`;
  return venue || 'Online';
}

function description(e: CommunityEvent): string {
  return [
    e.status !== 'scheduled' && e.statusNote
      ? `${e.status === 'cancelled' ? 'Cancelled' : 'Moved'}: ${e.statusNote}`
      : null,
    e.description,
    e.accessInfo ? `Access: ${e.accessInfo}` : null,
    e.onlineUrl ? `Join online: ${e.onlineUrl}` : null,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export interface CalendarOptions {
  /** The site's public address, without a trailing slash. */
  baseUrl: string;
  /** The calendar's name, e.g. "Highgate ward: meetings and events". */
  name: string;
  /** METHOD:PUBLISH for a single event's file (calendars import it as an update by UID and SEQUENCE). */
  single?: boolean;
}

/**
 * Text for a calendar-level property, escaped as RFC 5545 TEXT (ical-generator 11 escapes an event's
 * SUMMARY and LOCATION, but writes NAME, X-WR-CALNAME and X-WR-CALDESC as given): a line break in an
 * event's title cannot end the line and add an event of its own (security review 3).
 */
export function icsText(value: string): string {
  return value
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\p{Cc}/gu, '');
}

/** The calendar file for these events. */
export function renderCalendar(events: readonly CommunityEvent[], options: CalendarOptions): string {
  const calendar = ical({
    name: icsText(options.name),
    description: icsText(`${options.name}, from ${SITE_NAME}`),
    prodId: { company: 'Central North Community Safety', product: 'Events', language: 'EN' },
    ttl: 60 * 60,
  });
  if (options.single) calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const e of events) {
    calendar.createEvent({
      id: icsUid(e.uid),
      sequence: e.sequence,
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      start: new TZDate(e.startsAt, ZONE),
      end: new TZDate(e.endsAt, ZONE),
      timezone: ZONE,
      summary: e.status === 'cancelled' ? `Cancelled: ${e.title}` : e.title,
      description: description(e),
      location: whereText(e),
      url: `${options.baseUrl}${eventPath(e.uid)}`,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: [{ name: placeLabel(e.place) }],
    });
  }
  return calendar.toString();
}
