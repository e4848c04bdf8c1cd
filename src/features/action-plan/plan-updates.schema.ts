// Input for progress updates written by staff.
import { z } from 'zod';
import { UPDATE_STATUSES } from './action-plan.ts';

export const PlanUpdateSchema = z.object({
  updateDate: z
    .string({ error: 'Enter the date the update reports on' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the date as year-month-day, for example 2026-11-22' })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'Enter a real date' }),
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
