// Ward Panel meetings and community events: public on the ward page, at /events and in calendar
// feeds (.ics). Times are instants; they are shown and written in Europe/London time.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { boroughs, wards } from './places.ts';
import { writtenByStaff } from './staff.ts';

export const communityEvents = pgTable(
  'community_events',
  {
    id: serial('id').primaryKey(),
    /** The iCalendar UID's stable part: calendars follow a moved or cancelled event by it. */
    uid: uuid('uid').notNull().unique(),
    /** 'panel_meeting' (a ward's panel; ward required) or 'community_event' (a ward's or a borough's). */
    kind: text('kind').notNull(),
    wardId: integer('ward_id').references(() => wards.id, { onDelete: 'restrict' }),
    /** Set for a borough-wide event (then ward_id is null). */
    boroughId: integer('borough_id').references(() => boroughs.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** In person: the venue, its address and its access information (step-free, hearing loop…). */
    venueName: text('venue_name'),
    venueAddress: text('venue_address'),
    accessInfo: text('access_info'),
    /** Online: the joining link (https). An event may be both. */
    onlineUrl: text('online_url'),
    /** 'scheduled', 'moved' (to the times above, from moved_from) or 'cancelled'. */
    status: text('status').notNull().default('scheduled'),
    /** What residents are told when it is moved or cancelled. */
    statusNote: text('status_note'),
    movedFrom: timestamp('moved_from', { withTimezone: true }),
    /** iCalendar SEQUENCE: raised on every change residents' calendars must pick up. */
    sequence: integer('sequence').notNull().default(0),
    ...writtenByStaff(),
  },
  (t) => [
    index('community_events_starts_idx').on(t.startsAt),
    index('community_events_ward_idx').on(t.wardId, t.startsAt),
    check('community_events_kind', sql`${t.kind} in ('panel_meeting', 'community_event')`),
    check('community_events_status', sql`${t.status} in ('scheduled', 'moved', 'cancelled')`),
    check('community_events_place', sql`(${t.wardId} is null) <> (${t.boroughId} is null)`),
    check('community_events_meeting_has_ward', sql`${t.kind} <> 'panel_meeting' or ${t.wardId} is not null`),
    check('community_events_ends_after_starts', sql`${t.endsAt} > ${t.startsAt}`),
    check('community_events_somewhere', sql`${t.venueName} is not null or ${t.onlineUrl} is not null`),
    check('community_events_moved_from', sql`${t.status} <> 'moved' or ${t.movedFrom} is not null`),
  ],
);
