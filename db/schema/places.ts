// Boroughs and wards of the Central North command, seeded from ../shared/data/wards.json.
import { integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const boroughs = pgTable('boroughs', {
  id: serial('id').primaryKey(),
  /** Stable URL key, e.g. "camden". */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  council: text('council').notNull(),
});

export const wards = pgTable(
  'wards',
  {
    id: serial('id').primaryKey(),
    /** Stable URL key, unique across the command, e.g. "kentish-town-north". */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    boroughId: integer('borough_id')
      .notNull()
      .references(() => boroughs.id, { onDelete: 'restrict' }),
  },
  (t) => [uniqueIndex('wards_slug_unique').on(t.slug)],
);
