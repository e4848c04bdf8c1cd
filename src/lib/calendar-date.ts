// A calendar date typed as year-month-day, as the date inputs of the back office send it.
import { z } from 'zod';

/** Is `v` (YYYY-MM-DD) a day that exists? `Date.parse` would roll 30 February over to 2 March. */
export function isRealDate(v: string): boolean {
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
}

export const calendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the date as year-month-day, for example 2026-11-22' })
  .refine(isRealDate, { error: 'Enter a real date' });
