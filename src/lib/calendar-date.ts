// A calendar date typed as year-month-day, as the date inputs of the back office send it. The rule
// itself, without zod, is in dates.ts.
import { z } from 'zod';
import { DATE_FORMAT_MESSAGE, isDay, isRealDate, REAL_DATE_MESSAGE } from './dates.ts';

export { isRealDate };

export const calendarDate = z
  .string()
  .trim()
  .refine(isDay, { error: DATE_FORMAT_MESSAGE })
  .refine(isRealDate, { error: REAL_DATE_MESSAGE });
