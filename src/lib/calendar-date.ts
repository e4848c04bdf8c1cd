// A calendar date typed as year-month-day, as the date inputs of the back office send it, and a
// London wall-clock time as a datetime-local input sends it (leaving as an instant). The date rule
// itself, without zod, is in dates.ts.
import { z } from 'zod';
import { DATE_FORMAT_MESSAGE, isDay, isRealDate, REAL_DATE_MESSAGE } from './dates.ts';
import { londonLocalToInstant } from './format.ts';

export { isRealDate };

export const calendarDate = z
  .string()
  .trim()
  .refine(isDay, { error: DATE_FORMAT_MESSAGE })
  .refine(isRealDate, { error: REAL_DATE_MESSAGE });

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A London date and time ("2026-12-01T09:30") to the instant it stands for; `missing` is the message when empty. */
export const londonDateTime = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .regex(LOCAL_TIME, { error: `${missing}, like 2026-12-01 09:30` })
    .transform((v, ctx) => {
      const at = londonLocalToInstant(v);
      if (!at) {
        ctx.addIssue({ code: 'custom', message: 'Enter a real date and time' });
        return z.NEVER;
      }
      return at;
    });
