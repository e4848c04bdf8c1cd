// Input for ward priorities written by staff: add, edit, retire, post a progress update. No
// `.server.ts` imports: actions, pages and tests share it. The limits and words are in priorities.ts.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { confirmed } from '../../lib/confirmation.ts';
import { londonToday } from '../../lib/dates.ts';
import { markdownBodySchema } from '../markdown/markdown-body.schema.ts';
import { WardSlugSchema } from '../places/places.schema.ts';
import {
  normaliseLineBreaks,
  OUTCOME_MAX_LENGTH,
  REASON_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  UPDATE_RULE,
} from './priorities.ts';

const text = (missing: string, max: number, tooLong: string) =>
  z.string({ error: missing }).overwrite(normaliseLineBreaks).trim().min(1, { error: missing }).max(max, {
    error: tooLong,
  });

/** A day already begun in London: priorities report what was agreed or done, not plans. */
const pastDate = (missing: string) =>
  z
    .string({ error: missing })
    .pipe(calendarDate)
    .refine((d) => d <= londonToday(new Date()), { error: 'The date must be today or in the past' });

const PriorityFields = {
  title: text('Enter the priority', TITLE_MAX_LENGTH, 'Priority must be 120 characters or fewer'),
  reason: text('Enter why the panel chose it', REASON_MAX_LENGTH, 'Reason must be 1,000 characters or fewer'),
  setOn: pastDate('Enter the date the panel agreed it'),
};

const PriorityRef = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Adding a priority to the ward named (a slug, as the page's URL has it). */
export const PriorityCreateSchema = z.object({
  ward: WardSlugSchema,
  ...PriorityFields,
});
export type PriorityInput = z.output<z.ZodObject<typeof PriorityFields>>;

export const PriorityEditSchema = z.object({ ...PriorityRef.shape, ...PriorityFields });

export const PriorityRetireSchema = confirmed(
  z.object({
    ...PriorityRef.shape,
    retiredOn: pastDate('Enter the date the priority was retired'),
    outcome: text('Enter what came of it', OUTCOME_MAX_LENGTH, 'Outcome must be 1,000 characters or fewer'),
  }),
  'Confirm that this priority is no longer current',
);
export type PriorityRetireInput = { retiredOn: string; outcome: string };

/** The update's body. The island's live check (`bodyProblem`) must agree: a unit test holds them together. */
export const PriorityUpdateBodySchema = markdownBodySchema(UPDATE_RULE);

export const PriorityUpdateSchema = z.object({
  ...PriorityRef.shape,
  updateDate: pastDate('Enter the date the update reports on'),
  body: PriorityUpdateBodySchema,
});
export type PriorityUpdateInput = { updateDate: string; body: string };

const UpdateRef = { updateId: z.coerce.number().int().positive().max(2_147_483_647) };

/** Correcting an update already posted: the same fields as posting one. */
export const PriorityUpdateCorrectSchema = PriorityUpdateSchema.extend(UpdateRef);

export const PriorityUpdateRemoveSchema = confirmed(
  z.object({ ...PriorityRef.shape, ...UpdateRef }),
  'Confirm that residents should no longer see this update',
);
