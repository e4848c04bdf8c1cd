// Input for progress updates written by staff.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { UPDATE_STATUSES } from './action-plan.ts';

export const PlanUpdateSchema = z.object({
  updateDate: z.string({ error: 'Enter the date the update reports on' }).pipe(calendarDate),
  status: z.enum(UPDATE_STATUSES, { error: 'Choose a status' }),
  headline: z
    .string({ error: 'Enter a headline' })
    .trim()
    .min(1, { error: 'Enter a headline' })
    .max(150, { error: 'Headline must be 150 characters or fewer' }),
  body: z
    .string({ error: 'Enter the update' })
    .trim()
    .min(1, { error: 'Enter the update' })
    .max(5000, { error: 'Update must be 5,000 characters or fewer' }),
});
export type PlanUpdateInput = z.infer<typeof PlanUpdateSchema>;
