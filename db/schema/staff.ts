// Staff identity: users, their ward assignments, sessions (Lucia-style: only the SHA-256 of the
// token is stored), and TOTP recovery codes. One-time links live in
// one_time_secrets (secrets.ts).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { wards } from './places.ts';

export const staffRoleEnum = pgEnum('staff_role', ['admin', 'liaison_officer', 'ward_officer']);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey(),
    /** Stored lower-cased; unique. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: staffRoleEnum('role').notNull(),
    /** Deactivated users cannot sign in; their sessions are deleted when they are deactivated. */
    active: boolean('active').notNull().default(true),
    /** argon2id PHC string; null until the user follows their invitation link. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /**
     * The TOTP key, AES-256-GCM under a key derived from the app secret: `totp-box/v1:<iv>.<body>`
     * (features/auth/totp-keys.server.ts); null until enrolled.
     */
    totpKeyEncrypted: text('totp_key_encrypted'),
    totpEnrolledAt: timestamp('totp_enrolled_at', { withTimezone: true }),
    /** The last TOTP time-step accepted: a code is never accepted twice. */
    totpLastCounter: integer('totp_last_counter'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /**
     * Set when an administrator resets the second factor (the key and recovery codes are gone): the
     * member sets up a new authenticator app after the password step of their next sign-in.
     */
    secondFactorResetAt: timestamp('second_factor_reset_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [check('staff_users_email_lower', sql`${t.email} = lower(${t.email})`)],
);

/** The wards a ward officer works on. */
export const staffWardAssignments = pgTable(
  'staff_ward_assignments',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    wardId: integer('ward_id')
      .notNull()
      .references(() => wards.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.wardId] })],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    /** Hex SHA-256 of the session token; the token itself is only ever in the user's cookie. */
    id: text('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    /** False between the password step and the second factor: such a session opens nothing. */
    mfaVerified: boolean('mfa_verified').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Sliding idle expiry is measured from here. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute expiry: 12 hours after sign-in, however active. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Browser description for "your sessions" (user agent, truncated) and the client address. */
    userAgent: text('user_agent'),
    client: text('client'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    /**
     * `recovery-code/v1:` + HMAC-SHA256 of a 120-bit code under its derived key; `hmac:` + one under the
     * app secret itself is from before decision 0104 (the 50-bit codes stored as a bare SHA-256 were
     * withdrawn).
     */
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
);

/**
 * Recovery codes just issued, kept for the session that asked for them until the member says they
 * have saved them (or 15 minutes pass): sealed with a key derived from the app secret for this use
 * alone, never in a cookie, gone with the session.
 */
export const staffRecoveryCodeReveals = pgTable('staff_recovery_code_reveals', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => staffSessions.id, { onDelete: 'cascade' }),
  codesSealed: text('codes_sealed').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Who wrote a staff-written record and last changed it, and when: spread into its table's columns. */
export const writtenByStaff = () => ({
  createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
