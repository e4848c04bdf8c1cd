// Ward priorities: what each ward's police team has agreed with its Ward Panel to focus on, and the
// dated progress it reports against each (a Proactive Management Plan in the papers). A priority is
// current until it is retired with an outcome; past priorities stay on the ward's page.
import { sql } from 'drizzle-orm';
import {
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
import { wards } from './places.ts';
import { staffUsers, writtenByStaff } from './staff.ts';
import { voteRounds } from './votes.ts';

export const wardPriorities = pgTable(
  'ward_priorities',
  {
    id: serial('id').primaryKey(),
    wardId: integer('ward_id')
      .notNull()
      .references(() => wards.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    /** Why the panel chose it: plain text, shown to residents. */
    reason: text('reason').notNull(),
    /** The day the panel agreed it (not when the row was written). */
    setOn: date('set_on', { mode: 'string' }).notNull(),
    /** Null while current; the day it was retired (a past priority) otherwise. */
    retiredOn: date('retired_on', { mode: 'string' }),
    /** What came of it, written when it is retired: null exactly while it is current. */
    outcome: text('outcome'),
    /** The vote round whose decision made it a priority; null for one set without a vote. */
    roundId: integer('round_id').references(() => voteRounds.id, { onDelete: 'set null' }),
    ...writtenByStaff(),
  },
  (t) => [
    // Also the index for a ward's priorities (ward_id leads).
    uniqueIndex('ward_priorities_ward_title_set_on_unique').on(t.wardId, t.title, t.setOn),
    check('ward_priorities_retired_with_outcome', sql`(${t.retiredOn} is null) = (${t.outcome} is null)`),
    check('ward_priorities_retired_after_set', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.setOn}`),
  ],
);

export const wardPriorityUpdates = pgTable(
  'ward_priority_updates',
  {
    id: serial('id').primaryKey(),
    priorityId: integer('priority_id')
      .notNull()
      .references(() => wardPriorities.id, { onDelete: 'cascade' }),
    /** The day the update reports on. */
    updateDate: date('update_date', { mode: 'string' }).notNull(),
    /** Markdown, rendered through the site's sanitiser. */
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When staff last corrected the update after posting it (residents see "Corrected on …"); null if never. */
    correctedAt: timestamp('corrected_at', { withTimezone: true }),
    correctedBy: uuid('corrected_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  },
  (t) => [index('ward_priority_updates_priority_idx').on(t.priorityId, t.updateDate)],
);
