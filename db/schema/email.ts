// Outgoing email: the transactional outbox, the webhook events Resend sends back, and the addresses
// that must not be mailed again. Features write outbox rows inside their own transaction
// (src/features/email/outbox.server.ts: enqueueEmail); a worker delivers them.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * queued: never attempted · sending: leased by a worker · sent: accepted by the provider (or the local
 * mailbox) · failed: an attempt failed, retried at next_attempt_at · dead: gave up (72 hours, or a
 * permanent rejection) · suppressed: not sent because the address bounced or complained before.
 */
export const emailStatusEnum = pgEnum('email_status', [
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'suppressed',
]);
export const emailDeliveryEnum = pgEnum('email_delivery', ['delivered', 'bounced', 'complained']);
export const emailSuppressionReasonEnum = pgEnum('email_suppression_reason', ['bounced', 'complained']);

export const emailOutbox = pgTable(
  'email_outbox',
  {
    /** Generated in application code (crypto.randomUUID) so the caller knows it before commit. */
    id: uuid('id').primaryKey(),
    /** What the message is, e.g. "newsletter-confirmation": for logs and the back office. */
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    /** The body; a one-time secret in it is only ever a placeholder (see sealed_secret). */
    html: text('html').notNull(),
    text: text('text').notNull(),
    /**
     * The one-time secret the message carries (a link's token), sealed with AES-256-GCM under a key
     * derived from APP_SECRET for the outbox alone. The worker opens it and fills the body's placeholder
     * when it sends; cleared once the provider accepted the message (kept for the local mailbox).
     */
    sealedSecret: text('sealed_secret'),
    /** Extra headers from an allowlist (List-Unsubscribe, …), validated free of CR/LF. */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** Optional caller key: enqueueing the same logical message twice inserts one row. */
    dedupeKey: text('dedupe_key'),
    /** 0 transactional (sent first), 1 bulk (newsletters). */
    priority: smallint('priority').notNull().default(0),
    status: emailStatusEnum('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** After this moment a failed attempt makes the message dead instead of retrying. */
    giveUpAt: timestamp('give_up_at', { withTimezone: true }).notNull(),
    /** The worker holding the row while status is sending, and until when. */
    leaseToken: uuid('lease_token'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /**
     * Idempotency key of the provider request that carries this row: the id of the group's first row,
     * fixed at the first attempt. Rows sent in one batch share it and are always retried together with
     * the same body, so a provider that already accepted the request answers without sending again.
     */
    sendKey: uuid('send_key'),
    lastError: text('last_error'),
    /** 'resend', or 'local' when delivered to the local mailbox (no RESEND_API_KEY). */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    /** The latest delivery webhook received for the message. */
    delivery: emailDeliveryEnum('delivery'),
    deliveryAt: timestamp('delivery_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_key_unique').on(t.dedupeKey),
    // Fresh rows due, in the order the worker takes them.
    index('email_outbox_queued_idx').on(t.priority, t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    // Groups to retry (their first row) and leases that may have expired.
    index('email_outbox_retry_idx')
      .on(t.priority, t.nextAttemptAt)
      .where(sql`${t.status} = 'failed' and ${t.sendKey} = ${t.id}`),
    index('email_outbox_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`${t.status} = 'sending' and ${t.sendKey} = ${t.id}`),
    index('email_outbox_send_key_idx').on(t.sendKey),
    index('email_outbox_provider_message_id_idx').on(t.providerMessageId),
    index('email_outbox_status_updated_idx').on(t.status, t.updatedAt),
    check('email_outbox_attempts_nonneg', sql`${t.attempts} >= 0`),
    check('email_outbox_priority_range', sql`${t.priority} in (0, 1)`),
    check('email_outbox_provider_known', sql`${t.provider} is null or ${t.provider} in ('resend', 'local')`),
    check(
      'email_outbox_lease_when_sending',
      sql`(${t.status} = 'sending') = (${t.leaseToken} is not null and ${t.leaseExpiresAt} is not null)`,
    ),
    check('email_outbox_queued_unattempted', sql`${t.status} <> 'queued' or ${t.sendKey} is null`),
    check(
      'email_outbox_sent_has_provider',
      sql`${t.status} <> 'sent' or (${t.provider} is not null and ${t.sentAt} is not null)`,
    ),
  ],
);

/** Webhook events received, keyed by the provider's event id so a redelivered event is a no-op. */
export const emailEvents = pgTable(
  'email_events',
  {
    /** The svix-id header of the webhook request. */
    id: text('id').primaryKey(),
    type: emailDeliveryEnum('type').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    outboxId: uuid('outbox_id').references(() => emailOutbox.id, { onDelete: 'set null' }),
    /** When the provider says it happened (not when we received it). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_events_outbox_idx').on(t.outboxId)],
);

/** Addresses never mailed again: they bounced permanently or marked a message as spam. */
export const emailSuppressions = pgTable(
  'email_suppressions',
  {
    /** Lower-cased address. */
    address: text('address').primaryKey(),
    reason: emailSuppressionReasonEnum('reason').notNull(),
    /** The webhook event that caused it. */
    eventId: text('event_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('email_suppressions_lowercase', sql`${t.address} = lower(${t.address})`)],
);
