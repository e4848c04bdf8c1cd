// One-time secrets sent to people (staff invitation and reset links now; email codes, tracking
// codes and preferences links next): only a keyed hash is stored, never the secret
// (src/features/secrets/secrets.server.ts).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const oneTimeSecrets = pgTable(
  'one_time_secrets',
  {
    id: uuid('id').primaryKey(),
    /** What the secret is for, e.g. "staff-invite": also the HKDF label of its hashing key. */
    purpose: text('purpose').notNull(),
    /** Whom or what it opens: a staff id, a subscriber id, a concern id… */
    subject: text('subject').notNull(),
    /**
     * Hex HMAC-SHA256 of the secret, keyed with a key derived from APP_SECRET for this purpose alone
     * (a short code is hashed together with its subject). Without the key the hash reveals nothing.
     */
    hash: text('hash').notNull(),
    /** Wrong guesses counted against this secret (short codes); it is burnt at max_attempts. */
    attempts: integer('attempts').notNull().default(0),
    /** null: no per-secret limit (long random links, guessed only under the per-client rate limit). */
    maxAttempts: integer('max_attempts'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** When it stopped working before its expiry, and why. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('one_time_secrets_hash_idx').on(t.purpose, t.hash),
    index('one_time_secrets_subject_idx').on(t.purpose, t.subject),
    check('one_time_secrets_attempts_nonneg', sql`${t.attempts} >= 0`),
    check(
      'one_time_secrets_end_reason',
      sql`(${t.endedAt} is null) = (${t.endReason} is null) and (${t.endReason} is null or ${t.endReason} in ('used', 'revoked', 'burnt'))`,
    ),
  ],
);
