// The monthly newsletter: issues written by liaison officers, the residents who subscribe to them,
// and one delivery row per (issue, subscriber) so an issue can never be queued twice for anyone.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { emailDeliveryEnum, emailStatusEnum } from './email.ts';
import { boroughs, wards } from './places.ts';
import { staffUsers, writtenByStaff } from './staff.ts';

/**
 * Who an issue is for, and who a subscriber wants to hear about: 'all' (the whole command),
 * 'borough' (borough_id set) or 'wards' (rows in the matching *_wards table).
 */
const audienceCheck = (audience: unknown, boroughId: unknown) =>
  sql`${audience} in ('all', 'borough', 'wards') and ((${audience} = 'borough') = (${boroughId} is not null))`;

export const newsletters = pgTable(
  'newsletters',
  {
    id: serial('id').primaryKey(),
    /** URL key, e.g. "2024-10-october-newsletter"; fixed once published. */
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    /** One or two sentences for the archive, the feeds and the email preheader. */
    summary: text('summary').notNull(),
    /** Markdown, rendered through the shared sanitiser (src/lib/markdown.ts). */
    body: text('body').notNull(),
    /** The date the issue carries (its month), shown in the archive and feeds. */
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    audience: text('audience').notNull(),
    boroughId: integer('borough_id').references(() => boroughs.id, { onDelete: 'restrict' }),
    /** Null while a draft or after unpublishing: only issues with a date here are on the web. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /**
     * When the emails were queued. Set once, in the same transaction as the emails, by a conditional
     * update (`where sent_at is null`): a second publish, a retry or a second scheduler sends nothing.
     * Null for an issue published to the web only (seeded issues) or not yet sent.
     */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /**
     * When to publish and email it, if scheduled; the scheduler (src/server/runtime/scheduler.ts)
     * publishes it through the same conditional claim, so two instances send it once. Cleared on publish.
     */
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    /** Who scheduled it: the publish is recorded as theirs. */
    scheduledBy: uuid('scheduled_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    /** How many emails that publish queued (frozen at send time). */
    recipientCount: integer('recipient_count'),
    ...writtenByStaff(),
  },
  (t) => [
    uniqueIndex('newsletters_slug_unique').on(t.slug),
    index('newsletters_published_idx').on(t.publishedAt),
    index('newsletters_due_idx')
      .on(t.scheduledFor)
      .where(sql`${t.sentAt} is null and ${t.scheduledFor} is not null`),
    check('newsletters_audience', audienceCheck(t.audience, t.boroughId)),
    check('newsletters_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

/** The wards of an issue whose audience is 'wards'. */
export const newsletterWards = pgTable(
  'newsletter_wards',
  {
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    wardId: integer('ward_id')
      .notNull()
      .references(() => wards.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.newsletterId, t.wardId] })],
);

/**
 * A resident who asked for the newsletter. pending: asked, not yet confirmed (erased after 7 days) ·
 * confirmed: receives issues · unsubscribed: left (erased within 30 days).
 */
export const newsletterSubscribers = pgTable(
  'newsletter_subscribers',
  {
    id: uuid('id').primaryKey(),
    /** Lower-cased address: one subscription per address. Personal data. */
    email: text('email').notNull(),
    status: text('status').notNull().default('pending'),
    audience: text('audience').notNull(),
    boroughId: integer('borough_id').references(() => boroughs.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When they last asked (pending: the 7-day erasure counts from here). */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('newsletter_subscribers_email_unique').on(t.email),
    index('newsletter_subscribers_status_idx').on(t.status),
    check('newsletter_subscribers_email_lower', sql`${t.email} = lower(${t.email})`),
    check('newsletter_subscribers_status', sql`${t.status} in ('pending', 'confirmed', 'unsubscribed')`),
    check('newsletter_subscribers_audience', audienceCheck(t.audience, t.boroughId)),
    check(
      'newsletter_subscribers_dates',
      sql`(${t.status} <> 'confirmed' or ${t.confirmedAt} is not null) and (${t.status} <> 'unsubscribed' or ${t.unsubscribedAt} is not null)`,
    ),
  ],
);

/** The wards a subscriber whose audience is 'wards' chose. */
export const newsletterSubscriberWards = pgTable(
  'newsletter_subscriber_wards',
  {
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => newsletterSubscribers.id, { onDelete: 'cascade' }),
    wardId: integer('ward_id')
      .notNull()
      .references(() => wards.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.wardId] }), index('nsw_ward_idx').on(t.wardId)],
);

/**
 * One row per issue and subscriber it was queued for. The primary key makes a second enqueue for the
 * same pair impossible, whatever the code above it does. subscriber_id becomes null when retention
 * erases the subscriber; the row stays so the issue's counts do not change.
 */
export const newsletterDeliveries = pgTable(
  'newsletter_deliveries',
  {
    id: serial('id').primaryKey(),
    newsletterId: integer('newsletter_id')
      .notNull()
      .references(() => newsletters.id, { onDelete: 'cascade' }),
    subscriberId: uuid('subscriber_id').references(() => newsletterSubscribers.id, { onDelete: 'set null' }),
    /**
     * The email_outbox row queued for the pair. No foreign key: the outbox is infrastructure that
     * retention empties (and tests truncate) on its own; retention copies a row's outcome below first.
     */
    outboxId: uuid('outbox_id'),
    /**
     * The outbox row's status and delivery outcome when retention deleted it (null while the row is
     * there): the issue's counts stay true after its emails leave the outbox.
     */
    finalStatus: emailStatusEnum('final_status'),
    finalDelivery: emailDeliveryEnum('final_delivery'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('newsletter_deliveries_once').on(t.newsletterId, t.subscriberId),
    index('newsletter_deliveries_outbox_idx').on(t.outboxId),
  ],
);
