// Priority votes: a ward's residents choose, by approval voting, which options the Ward Panel should
// take as the ward's next priorities. Advisory: the panel decides, and its decision (which options
// become priorities, and why) is recorded on the round. Nothing here identifies a voter once the
// round's results are final: a ballot keeps its postcode district and its choices; the keyed hash of
// its address (one vote per address per round) is erased at the decision, and the address itself is
// kept, sealed, only for a voter who asked to hear the outcome, until that email is queued.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { wards } from './places.ts';
import { staffUsers, writtenByStaff } from './staff.ts';

export const voteRounds = pgTable(
  'vote_rounds',
  {
    id: serial('id').primaryKey(),
    wardId: integer('ward_id')
      .notNull()
      .references(() => wards.id, { onDelete: 'restrict' }),
    /** When voting opens and closes. An open round may be extended (closes_at moved later). */
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** How many options one voter may choose. */
    maxChoices: integer('max_choices').notNull().default(3),
    /** Whether residents see the counts while the round is open (they always do once it closes). */
    showCountsWhileOpen: boolean('show_counts_while_open').notNull().default(false),
    /** Set when the scheduler (or a page that saw it first) announced the open round; null before. */
    openedAt: timestamp('opened_at', { withTimezone: true }),
    /** When it closed: its close time, or earlier when staff closed it early (with a reason). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedEarlyReason: text('closed_early_reason'),
    /** The panel's decision: when it was recorded, by whom, and why. Results are final from then. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    decisionReason: text('decision_reason'),
    ...writtenByStaff(),
  },
  (t) => [
    index('vote_rounds_ward_idx').on(t.wardId, t.opensAt),
    // One round at a time per ward, until its decision is recorded.
    uniqueIndex('vote_rounds_one_undecided_per_ward').on(t.wardId).where(sql`${t.decidedAt} is null`),
    check('vote_rounds_closes_after_opens', sql`${t.closesAt} > ${t.opensAt}`),
    check('vote_rounds_max_choices', sql`${t.maxChoices} between 1 and 10`),
    check(
      'vote_rounds_early_reason_when_closed',
      sql`${t.closedEarlyReason} is null or ${t.closedAt} is not null`,
    ),
    check(
      'vote_rounds_decided_after_closed',
      sql`(${t.decidedAt} is null) = (${t.decisionReason} is null) and (${t.decidedAt} is null or ${t.closedAt} is not null)`,
    ),
  ],
);

export const voteOptions = pgTable(
  'vote_options',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => voteRounds.id, { onDelete: 'cascade' }),
    /** Order on the ballot, from 1. */
    position: integer('position').notNull(),
    title: text('title').notNull(),
    /** One sentence saying what it would mean. */
    description: text('description').notNull(),
    /** Whether the panel's decision made it one of the ward's priorities. */
    chosen: boolean('chosen').notNull().default(false),
  },
  (t) => [unique('vote_options_round_position_unique').on(t.roundId, t.position)],
);

/**
 * A confirmed vote: counts in the tally. One per address per round (the unique keyed hash); voting
 * again with the same address replaces the choices until the round closes.
 */
export const voteBallots = pgTable(
  'vote_ballots',
  {
    id: uuid('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => voteRounds.id, { onDelete: 'cascade' }),
    /**
     * Hex HMAC-SHA256 of the normalised address and the round, with a key derived from APP_SECRET
     * for this use alone. Null once the round's results are final.
     */
    addressHash: text('address_hash'),
    /** The outward code of the voter's postcode (e.g. N7): the only part of it kept. */
    district: text('district').notNull(),
    /** The chosen options' ids (vote_options.id, of this round). */
    choices: integer('choices').array().notNull(),
    /** The address, sealed, kept only when the voter asked to hear the outcome; erased once queued. */
    outcomeAddress: text('outcome_address'),
    /** How many times this voter changed their choices. */
    changes: integer('changes').notNull().default(0),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('vote_ballots_round_address_unique').on(t.roundId, t.addressHash),
    check('vote_ballots_some_choice', sql`cardinality(${t.choices}) >= 1`),
  ],
);

/**
 * A vote cast but not yet confirmed with the emailed code (one-time secret, purpose "vote-code",
 * subject: this row's id). Confirming moves it into vote_ballots; retention removes unconfirmed ones.
 */
export const votePendingBallots = pgTable(
  'vote_pending_ballots',
  {
    id: uuid('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => voteRounds.id, { onDelete: 'cascade' }),
    addressHash: text('address_hash').notNull(),
    district: text('district').notNull(),
    choices: integer('choices').array().notNull(),
    outcomeAddress: text('outcome_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('vote_pending_ballots_expiry_idx').on(t.expiresAt),
    check('vote_pending_ballots_some_choice', sql`cardinality(${t.choices}) >= 1`),
  ],
);
