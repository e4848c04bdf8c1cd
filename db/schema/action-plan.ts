// The Local Action Plan: 10 actions, each borough's commitments on them, and dated progress updates.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  integer,
  pgEnum,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { boroughs } from './places.ts';
import { writtenByStaff } from './staff.ts';

export const pillarEnum = pgEnum('pillar', ['more_trust', 'less_crime', 'high_standards']);
export const updateStatusEnum = pgEnum('update_status', ['not_started', 'on_track', 'at_risk', 'done']);

export const planActions = pgTable(
  'plan_actions',
  {
    id: serial('id').primaryKey(),
    /** The action's number in the plan (1–10); also its URL key. */
    number: smallint('number').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    pillars: pillarEnum('pillars').array().notNull(),
  },
  (t) => [
    uniqueIndex('plan_actions_number_unique').on(t.number),
    check('plan_actions_number_range', sql`${t.number} between 1 and 99`),
    check('plan_actions_has_pillar', sql`cardinality(${t.pillars}) >= 1`),
  ],
);

export const planCommitments = pgTable(
  'plan_commitments',
  {
    id: serial('id').primaryKey(),
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id, { onDelete: 'cascade' }),
    boroughId: integer('borough_id')
      .notNull()
      .references(() => boroughs.id, { onDelete: 'restrict' }),
    /** The borough's opening statement on the action. */
    statement: text('statement').notNull(),
    /** The specific commitments under the statement, in order. */
    points: text('points').array().notNull().default(sql`'{}'::text[]`),
    /** The committee paper the commitment is taken from. */
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('plan_commitments_action_borough_unique').on(t.actionId, t.boroughId)],
);

export const actionUpdates = pgTable(
  'action_updates',
  {
    id: serial('id').primaryKey(),
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id, { onDelete: 'cascade' }),
    /** The date the update reports on (not when the row was written). */
    updateDate: date('update_date', { mode: 'string' }).notNull(),
    status: updateStatusEnum('status').notNull(),
    headline: text('headline').notNull(),
    body: text('body').notNull(),
    /** Where the facts come from: a committee paper, or the officer who wrote the update. */
    source: text('source'),
    /**
     * Which borough the update is about: 'camden', 'islington' or 'both'. Null only on staff
     * updates written before the field existed.
     */
    borough: text('borough'),
    /** Null while a draft: only published updates are shown to residents. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...writtenByStaff(),
  },
  (t) => [
    uniqueIndex('action_updates_action_date_headline_unique').on(t.actionId, t.updateDate, t.headline),
    check('action_updates_borough_known', sql`${t.borough} in ('camden', 'islington', 'both')`),
  ],
);
