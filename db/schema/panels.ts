// Ward Panels and the Youth Advisory Forum: applications to join, the members they become, and the
// optional equality monitoring answers given with an application. Personal data lives only on
// panel_applications (a membership points at its application); equality answers live apart with no
// key, time or order that leads back to the person (see equality_responses).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { boroughs, wards } from './places.ts';
import { staffUsers, writtenByStaff } from './staff.ts';

/** 'ward_panel' (one per ward) or 'youth_forum' (the Youth Advisory Forum, one for Central North). */
const bodyCheck = (column: unknown) => sql`${column} in ('ward_panel', 'youth_forum')`;

export const panelApplications = pgTable(
  'panel_applications',
  {
    id: uuid('id').primaryKey(),
    body: text('body').notNull(),
    /** The ward whose panel it applies to; for the Forum, the ward the young person lives or studies in, if given. */
    wardId: integer('ward_id').references(() => wards.id, { onDelete: 'restrict' }),
    /**
     * unconfirmed: the applicant has not yet opened the emailed link; awaiting_guardian: confirmed,
     * under 16, waiting for a parent or guardian; pending: ready for staff; then approved,
     * waitlisted or declined by staff (declined also when a guardian declines).
     * Unconfirmed and awaiting_guardian rows lapse at lapses_at and are erased, not kept as 'lapsed'.
     */
    status: text('status').notNull(),
    fullName: text('full_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    /** Ward Panel: 'live', 'work', 'study' or 'organisation' (then organisation names it). */
    connection: text('connection'),
    organisation: text('organisation'),
    /** Why they want to join, in their words. */
    reason: text('reason').notNull(),
    availability: text('availability'),
    accessNeeds: text('access_needs'),
    /** Consent to be contacted about the application and the panel: required to apply. */
    contactConsent: boolean('contact_consent').notNull(),
    /** Consent to show their first name and role on the panel's public page (never for under-18s). */
    showOnPanelPage: boolean('show_on_panel_page').notNull().default(false),
    /** Youth Advisory Forum only: the age rules are checked on it (14–25; under 16 needs a guardian). */
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    guardianName: text('guardian_name'),
    guardianEmail: text('guardian_email'),
    /** The guardian's answer: 'approved' or 'declined', and when. */
    guardianDecision: text('guardian_decision'),
    guardianDecidedAt: timestamp('guardian_decided_at', { withTimezone: true }),
    emailConfirmedAt: timestamp('email_confirmed_at', { withTimezone: true }),
    /** When an unconfirmed application, or one still waiting for its guardian, is erased. */
    lapsesAt: timestamp('lapses_at', { withTimezone: true }),
    /** Staff's decision: when, by whom, and the reason given to the applicant. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('panel_applications_queue_idx').on(t.body, t.wardId, t.status, t.createdAt),
    index('panel_applications_lapse_idx').on(t.lapsesAt).where(sql`${t.lapsesAt} is not null`),
    index('panel_applications_decided_idx').on(t.status, t.decidedAt),
    check('panel_applications_body', bodyCheck(t.body)),
    check(
      'panel_applications_status',
      sql`${t.status} in ('unconfirmed', 'awaiting_guardian', 'pending', 'approved', 'waitlisted', 'declined')`,
    ),
    check(
      'panel_applications_ward_panel_has_ward',
      sql`${t.body} <> 'ward_panel' or ${t.wardId} is not null`,
    ),
    check(
      'panel_applications_youth_has_birth_date',
      sql`${t.body} <> 'youth_forum' or ${t.dateOfBirth} is not null`,
    ),
    check(
      'panel_applications_connection',
      sql`${t.connection} is null or ${t.connection} in ('live', 'work', 'study', 'organisation')`,
    ),
    check('panel_applications_contact_consent', sql`${t.contactConsent}`),
    check(
      'panel_applications_guardian_decision',
      sql`(${t.guardianDecision} is null) = (${t.guardianDecidedAt} is null) and (${t.guardianDecision} is null or ${t.guardianDecision} in ('approved', 'declined'))`,
    ),
    check(
      'panel_applications_guardian_pair',
      sql`(${t.guardianName} is null) = (${t.guardianEmail} is null)`,
    ),
  ],
);

/** An approved application's membership of its panel, with its term. */
export const panelMemberships = pgTable(
  'panel_memberships',
  {
    id: serial('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => panelApplications.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    wardId: integer('ward_id').references(() => wards.id, { onDelete: 'restrict' }),
    termStartsOn: date('term_starts_on', { mode: 'string' }).notNull(),
    termEndsOn: date('term_ends_on', { mode: 'string' }).notNull(),
    /** When the "your term ends soon" reminder was queued (null: not yet). */
    reminderQueuedAt: timestamp('reminder_queued_at', { withTimezone: true }),
    /** Shown on the panel's page only when the member consented (and is 18 or over): first name and role. */
    publicName: text('public_name'),
    publicRole: text('public_role'),
    /** Null while a member; the day they left (term ended or removed) otherwise. */
    endedOn: date('ended_on', { mode: 'string' }),
    /** Why they left: the reason staff gave on removal, or 'term ended'. */
    endReason: text('end_reason'),
    endedBy: uuid('ended_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    ...writtenByStaff(),
  },
  (t) => [
    uniqueIndex('panel_memberships_application_unique').on(t.applicationId),
    index('panel_memberships_panel_idx').on(t.body, t.wardId, t.endedOn),
    index('panel_memberships_term_idx').on(t.termEndsOn).where(sql`${t.endedOn} is null`),
    check('panel_memberships_body', bodyCheck(t.body)),
    check('panel_memberships_term', sql`${t.termEndsOn} > ${t.termStartsOn}`),
    check('panel_memberships_ended_with_reason', sql`(${t.endedOn} is null) = (${t.endReason} is null)`),
    check('panel_memberships_public_pair', sql`(${t.publicName} is null) = (${t.publicRole} is null)`),
  ],
);

/**
 * Optional equality monitoring answers (ONS 2021 census categories, each with 'prefer_not_to_say';
 * null: the question was skipped). Written in the same transaction as an application but holding
 * nothing that leads back to it: a random id, no foreign key to the application, no timestamp finer
 * than the month, no sequence. Staff see only suppressed aggregates.
 */
export const equalityResponses = pgTable(
  'equality_responses',
  {
    id: uuid('id').primaryKey(),
    body: text('body').notNull(),
    /** The panel's ward (Ward Panel) or null (the Forum). */
    wardId: integer('ward_id').references(() => wards.id, { onDelete: 'restrict' }),
    boroughId: integer('borough_id').references(() => boroughs.id, { onDelete: 'restrict' }),
    /** The first day of the month the application was made in: retention's clock, nothing finer. */
    submittedMonth: date('submitted_month', { mode: 'string' }).notNull(),
    ageBand: text('age_band'),
    sex: text('sex'),
    genderIdentity: text('gender_identity'),
    ethnicGroup: text('ethnic_group'),
    disability: text('disability'),
    religion: text('religion'),
  },
  (t) => [
    index('equality_responses_panel_idx').on(t.body, t.wardId),
    index('equality_responses_month_idx').on(t.submittedMonth),
    check('equality_responses_body', bodyCheck(t.body)),
    check('equality_responses_month', sql`extract(day from ${t.submittedMonth}) = 1`),
  ],
);
