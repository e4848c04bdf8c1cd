// Fixed-window counters for rate limits, shared by every server process.
// Keys are HMACs of what they count (an address, an email), never the value itself.
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/**
 * Failed sign-ins per email address, whether or not an account exists, so a lockout says nothing
 * about which addresses have accounts. Cleared by a complete sign-in (password and second factor).
 */
export const loginThrottles = pgTable('login_throttles', {
  /** HMAC of the lower-cased email address. */
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
