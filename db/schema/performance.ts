// Published performance figures: datasets and their values, in long form (one row per category × series).
import { sql } from 'drizzle-orm';
import {
  check,
  integer,
  numeric,
  pgEnum,
  pgTable,
  serial,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const datasetKindEnum = pgEnum('dataset_kind', ['monthly', 'change']);
export const datasetUnitEnum = pgEnum('dataset_unit', ['count', 'percent']);

export const performanceDatasets = pgTable(
  'performance_datasets',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** 'monthly': a time series per place; 'change': current vs previous period per category. */
    kind: datasetKindEnum('kind').notNull(),
    unit: datasetUnitEnum('unit').notNull(),
    period: text('period').notNull(),
    /** The committee paper the figures are copied from, named on the page. */
    source: text('source').notNull(),
    /** Order of the datasets on /performance. */
    position: smallint('position').notNull(),
    /** Series names in display order (e.g. Camden, Islington, Total). */
    series: text('series').array().notNull(),
  },
  (t) => [uniqueIndex('performance_datasets_slug_unique').on(t.slug)],
);

export const performanceValues = pgTable(
  'performance_values',
  {
    id: serial('id').primaryKey(),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => performanceDatasets.id, { onDelete: 'cascade' }),
    /** Optional heading grouping categories, e.g. "Serious violence". */
    section: text('section'),
    /** A month label for 'monthly' datasets, an offence type for 'change' datasets. */
    category: text('category').notNull(),
    categoryPosition: smallint('category_position').notNull(),
    series: text('series').notNull(),
    value: numeric('value', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    /** Previous-period value; only 'change' datasets have one. */
    previousValue: numeric('previous_value', { precision: 14, scale: 4, mode: 'number' }),
  },
  (t) => [
    uniqueIndex('performance_values_cell_unique').on(t.datasetId, t.category, t.series),
    check('performance_values_position_nonneg', sql`${t.categoryPosition} >= 0`),
  ],
);
