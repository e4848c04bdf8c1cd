// A resident's answers between the pages of a multi-page form, with no account: one row per draft,
// keyed by the keyed hash of a random token held only in an HttpOnly cookie (src/features/drafts).
// Used by /report and by the panel applications; deleted when the form is sent, or by retention
// shortly after it expires.
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const formDrafts = pgTable(
  'form_drafts',
  {
    /** Keyed hash (HMAC, a key per form) of the cookie's token. */
    tokenHash: text('token_hash').primaryKey(),
    /** Which journey it belongs to: 'report', 'ward-panel', 'youth-forum'. */
    form: text('form').notNull(),
    /** The answers so far, each validated by its step's schema. */
    answers: jsonb('answers').notNull().default({}),
    /** When the first step was saved: a form sent sooner than a person could is refused. */
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('form_drafts_expires_idx').on(t.expiresAt),
    check('form_drafts_form', sql`${t.form} in ('report', 'ward-panel', 'youth-forum')`),
  ],
);
