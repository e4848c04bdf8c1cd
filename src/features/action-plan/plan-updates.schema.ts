// Input for progress updates written by staff. No `.server.ts` imports: tests and pages share it.
// The body's limits come from plan-updates.ts, which the body island imports instead of zod.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { markdownBodySchema } from '../markdown/markdown-body.schema.ts';
import { PLAN_UPDATE_BOROUGHS, UPDATE_STATUSES } from './action-plan.ts';
import { BODY_RULE } from './plan-updates.ts';

/** The Markdown body. The island's live check (`bodyProblem`) must agree: a unit test holds them together. */
export const PlanUpdateBodySchema = markdownBodySchema(BODY_RULE);

export const SOURCE_MAX_LENGTH = 300;

export const PlanUpdateSchema = z.object({
  updateDate: z.string({ error: 'Enter the date the update reports on' }).pipe(calendarDate),
  status: z.enum(UPDATE_STATUSES, { error: 'Choose a status' }),
  headline: z
    .string({ error: 'Enter a headline' })
    .trim()
    .min(1, { error: 'Enter a headline' })
    .max(150, { error: 'Headline must be 150 characters or fewer' }),
  body: PlanUpdateBodySchema,
  borough: z.enum(PLAN_UPDATE_BOROUGHS, { error: 'Choose which borough the update is about' }),
  source: z
    .string({ error: 'Enter where the facts come from' })
    .trim()
    .min(1, { error: 'Enter where the facts come from' })
    .max(SOURCE_MAX_LENGTH, { error: 'Source must be 300 characters or fewer' }),
});
export type PlanUpdateInput = z.infer<typeof PlanUpdateSchema>;
