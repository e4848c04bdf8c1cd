// Input for progress updates written by staff. No `.server.ts` imports: tests and pages share it.
// The body's limits come from plan-updates.ts, which the body island imports instead of zod.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { PLAN_UPDATE_BOROUGHS, UPDATE_STATUSES } from './action-plan.ts';
import { BODY_MAX_LENGTH, BODY_MISSING, BODY_TOO_LONG, normaliseLineBreaks } from './plan-updates.ts';

/** The Markdown body. The island's live check (`bodyProblem`) must agree: a unit test holds them together. */
export const PlanUpdateBodySchema = z
  .string({ error: BODY_MISSING })
  .overwrite(normaliseLineBreaks)
  .trim()
  .min(1, { error: BODY_MISSING })
  .max(BODY_MAX_LENGTH, { error: BODY_TOO_LONG });

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

/**
 * What "Preview" sends: the body only, and never an error (the preview of nothing is nothing, and
 * an over-long body is still shown: the character count and saving say it is too long). The
 * action body limit (64 KB) bounds it.
 */
export const PlanUpdatePreviewSchema = z.object({
  body: z
    .string()
    .overwrite(normaliseLineBreaks)
    .nullish()
    .transform((v) => v ?? ''),
});
