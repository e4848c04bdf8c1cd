// Residents' reports of anti-social behaviour ("concerns"), the drafts of the /report journey and
// what happens to each concern afterwards. An anonymous concern holds no name, email, phone, address
// or user agent anywhere: its contact columns are null, and nothing else about the reporter is kept.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { wards } from './places.ts';
import { staffUsers } from './staff.ts';

/** The lifecycle residents follow at /report/track. */
export const concernStatusEnum = pgEnum('concern_status', [
  'received',
  'reviewing',
  'ward_team',
  'referred',
  'closed',
]);

/** The number in a public reference (CN-2026-004271): one sequence, never reused. */
export const concernReferenceSeq = pgSequence('concern_reference_seq', { startWith: 1000 });

export const concerns = pgTable(
  'concerns',
  {
    id: uuid('id').primaryKey(),
    /** Public reference, e.g. CN-2026-004271: what the resident quotes, not a secret. */
    reference: text('reference').notNull().unique(),
    category: text('category').notNull(),
    /** What the resident wrote when the category is "something else". */
    categoryOther: text('category_other'),
    /** Null: the resident did not know the ward (outside every ward officer's scope until set). */
    wardId: integer('ward_id').references(() => wards.id, { onDelete: 'restrict' }),
    /** A street, estate or landmark, in the resident's words. */
    location: text('location').notNull(),
    /** 'once' (occurredOn and timeOfDay) or 'ongoing' (frequency). */
    timing: text('timing').notNull(),
    occurredOn: date('occurred_on'),
    timeOfDay: text('time_of_day'),
    frequency: text('frequency'),
    description: text('description').notNull(),
    impact: text('impact').notNull(),
    /** True: the resident chose anonymity, and every contact column is null. */
    anonymous: boolean('anonymous').notNull(),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    /** How and when the resident would like to be contacted, in their words. */
    contactPreference: text('contact_preference'),
    /** When retention erased the contact columns (12 months after closure). */
    contactErasedAt: timestamp('contact_erased_at', { withTimezone: true }),
    status: concernStatusEnum('status').notNull().default('received'),
    /** The outcome told to the resident when it was closed. */
    outcome: text('outcome'),
    /** Who it was referred to (a partner key) and on which day. */
    partner: text('partner'),
    referredOn: date('referred_on'),
    assignedTo: uuid('assigned_to').references(() => staffUsers.id, { onDelete: 'set null' }),
    /** This concern reports the same thing as another: it follows that one's status. */
    duplicateOf: uuid('duplicate_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('concerns_status_created_idx').on(t.status, t.createdAt),
    index('concerns_ward_idx').on(t.wardId, t.createdAt),
    // The staff queue at a million concerns (tests/load/data-scale.bench.ts; decision 0130): oldest
    // first over every status; the open ones (about 1 in 100) without reading the closed; a ward's
    // counts per status from the index alone; retention's daily erasure without a scan.
    index('concerns_created_idx').on(t.createdAt, t.reference),
    index('concerns_open_idx').on(t.createdAt, t.reference).where(sql`${t.status} <> 'closed'`),
    index('concerns_open_ward_idx').on(t.wardId, t.createdAt).where(sql`${t.status} <> 'closed'`),
    index('concerns_ward_status_idx').on(t.wardId, t.status, t.createdAt),
    index('concerns_contact_due_idx')
      .on(t.closedAt)
      .where(sql`${t.status} = 'closed' and not ${t.anonymous} and ${t.contactErasedAt} is null`),
    index('concerns_duplicate_idx').on(t.duplicateOf),
    foreignKey({
      name: 'concerns_duplicate_of_fk',
      columns: [t.duplicateOf],
      foreignColumns: [t.id],
    }).onDelete('set null'),
    check('concerns_timing', sql`${t.timing} in ('once', 'ongoing')`),
    check(
      'concerns_anonymous_has_no_contact',
      sql`not ${t.anonymous} or (${t.contactName} is null and ${t.contactEmail} is null and ${t.contactPhone} is null and ${t.contactPreference} is null)`,
    ),
    check('concerns_closed_at', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check('concerns_not_own_duplicate', sql`${t.duplicateOf} is null or ${t.duplicateOf} <> ${t.id}`),
  ],
);

/**
 * What happened to a concern: status changes, referrals, notes, assignments, duplicates, a change of
 * ward. A public note is shown at /report/track and emailed to a reporter who gave an email; an
 * internal note only to staff.
 */
export const concernEvents = pgTable(
  'concern_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    concernId: uuid('concern_id')
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(),
    /** The status after this event (null: it did not change the status). */
    status: concernStatusEnum('status'),
    publicNote: text('public_note'),
    internalNote: text('internal_note'),
    /** Null for events the system wrote (received; a duplicate following its original). */
    actorId: uuid('actor_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    details: jsonb('details'),
  },
  (t) => [
    index('concern_events_concern_idx').on(t.concernId, t.at),
    check(
      'concern_events_kind',
      sql`${t.kind} in ('received', 'status', 'referred', 'assigned', 'duplicate', 'note', 'ward')`,
    ),
  ],
);
