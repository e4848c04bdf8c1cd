// Input for the /report journey (one schema per step, on the rules in report-steps.ts) and for staff
// triage. No `.server.ts` imports: the actions, the pages and the tests share it.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { confirmed } from '../../lib/confirmation.ts';
import { formField } from '../../lib/form-field.ts';
import { CATEGORIES, NOTE_MAX, PARTNERS, STATUSES, type Step } from './concerns.ts';
import {
  type ContactAnswers,
  checkStep,
  cleanText,
  type DetailsAnswers,
  type StepAnswers,
  type StepInput,
  type WhatAnswers,
  type WhenAnswers,
  type WhereAnswers,
} from './report-steps.ts';

/** Free text: line breaks made \n, trimmed, within `max`. `required` is the message when empty. */
function text(max: number, tooLong: string, required?: string) {
  const base = z
    .string(required ? { error: required } : undefined)
    .overwrite((v) => v.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max, { error: tooLong });
  return required ? base.min(1, { error: required }) : base;
}

/** An optional text field: empty or missing is ''. */
function optionalText(max: number, tooLong: string) {
  return z
    .string()
    .nullish()
    .transform(cleanText)
    .pipe(z.string().max(max, { error: tooLong }));
}

/** Posted by a step's form when it was reached from "Check your answers" (a change link). */
const from = z.enum(['check']).nullish();
const field = formField;

/**
 * The step's own rules (report-steps.ts, which the island applies too) over the fields as Astro read
 * them: the answers as kept, or one issue per field in the transform's context.
 */
function answers<S extends Step>(step: S, v: StepInput, ctx: z.RefinementCtx): StepAnswers[S] | null {
  const checked = checkStep(step, v);
  if (checked.ok) return checked.value;
  for (const [path, message] of checked.problems) ctx.addIssue({ code: 'custom', path: [path], message });
  return null;
}

/** Step 1. `website` is the honeypot: people never see it, so never fill it. */
export const WhatSchema = z
  .object({ category: field, categoryOther: field, website: field, from })
  .transform((v, ctx) => {
    const a = answers('what', v, ctx);
    return a ? { ...a, website: v.website ?? '', from: v.from ?? null } : z.NEVER;
  });

/** Step 2: a ward slug (the action checks it is one of the wards) or "unknown". */
export const WhereSchema = z.object({ ward: field, location: field, from }).transform((v, ctx) => {
  const a = answers('where', v, ctx);
  return a ? { ...a, from: v.from ?? null } : z.NEVER;
});

/** Step 3: on one occasion (a date, today or before, and a time of day), or how often. */
export const WhenSchema = z
  .object({ timing: field, occurredOn: field, timeOfDay: field, frequency: field, from })
  .transform((v, ctx) => {
    const a = answers('when', v, ctx);
    return a ? { ...a, from: v.from ?? null } : z.NEVER;
  });

export const DetailsSchema = z.object({ description: field, impact: field, from }).transform((v, ctx) => {
  const a = answers('details', v, ctx);
  return a ? { ...a, from: v.from ?? null } : z.NEVER;
});

/** Step 5. Anonymous keeps nothing else, whatever was typed in the contact fields. */
export const ContactSchema = z
  .object({ anonymous: field, name: field, email: field, phone: field, preference: field, from })
  .transform((v, ctx) => {
    const a = answers('contact', v, ctx);
    return a ? { ...a, from: v.from ?? null } : z.NEVER;
  });

export const SendSchema = confirmed(z.object({}), 'Send the report with the button on this page');

export const TrackSchema = z.object({
  reference: z
    .string({ error: 'Enter your reference' })
    .trim()
    .min(1, { error: 'Enter your reference' })
    .max(40, { error: 'Enter the reference as it was given, like CN-2026-004271' }),
  code: z
    .string({ error: 'Enter your tracking code' })
    .trim()
    .min(1, { error: 'Enter your tracking code' })
    .max(40, { error: 'Enter the tracking code as it was given, like ABCD-EFGH-JKMN' }),
});

export type { ContactAnswers, DetailsAnswers, WhatAnswers, WhenAnswers, WhereAnswers };

/** What a draft holds: each step's answers once that step was saved. */
export interface Answers {
  what?: WhatAnswers;
  where?: WhereAnswers;
  when?: WhenAnswers;
  details?: DetailsAnswers;
  contact?: ContactAnswers;
}

// ---------------------------------------------------------------------------------------------------
// Staff triage

const id = z.uuid({ error: 'That concern does not exist' });

export const ConcernRefSchema = z.object({ id });

export const ShowContactSchema = z.object({
  id,
  reason: text(300, 'The reason must be 300 characters or fewer', 'Say why you need the contact details'),
});

/** A ward slug, or "unknown" (not known: only liaison officers and administrators may choose it). */
export const SetWardSchema = z.object({
  id,
  ward: z
    .string({ error: 'Choose a ward' })
    .trim()
    .min(1, { error: 'Choose a ward' })
    .max(60, { error: 'Choose a ward from the list' })
    .regex(/^[a-z0-9-]+$/, { error: 'Choose a ward from the list' }),
});

export const AssignSchema = z.object({
  id,
  /** Empty (arriving as null from a form): nobody. */
  assignee: z
    .string({ error: 'Choose an officer' })
    .nullish()
    .transform((v) => v ?? '')
    .pipe(z.union([z.literal(''), z.uuid({ error: 'Choose an officer' })], { error: 'Choose an officer' })),
});

export const StatusChangeSchema = z
  .object({
    id,
    status: z.enum(STATUSES, { error: 'Choose a status' }),
    publicNote: optionalText(NOTE_MAX, `The note to the resident must be ${NOTE_MAX} characters or fewer`),
    internalNote: optionalText(NOTE_MAX, `The internal note must be ${NOTE_MAX} characters or fewer`),
    outcome: optionalText(300, 'The outcome must be 300 characters or fewer'),
    /** Set by the confirmation step when the public note looks like it holds a personal detail. */
    confirmPersonal: z.enum(['yes']).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'closed' && !v.outcome) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Say what the outcome was' });
    }
    if (v.status === 'referred') {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'Refer it to a partner with the referral form',
      });
    }
  });

export const ReferSchema = z.object({
  id,
  partner: z.enum(PARTNERS, { error: 'Choose who it is referred to' }),
  referredOn: z.string({ error: 'Enter the date it was referred' }).pipe(calendarDate),
  /** Named apart from the status form's notes: both forms are on one page, and ids must differ. */
  referralNote: optionalText(NOTE_MAX, `The note to the resident must be ${NOTE_MAX} characters or fewer`),
  referralInternalNote: optionalText(NOTE_MAX, `The internal note must be ${NOTE_MAX} characters or fewer`),
  confirmPersonal: z.enum(['yes']).nullish(),
});

export const DuplicateSchema = z.object({
  id,
  original: z
    .string({ error: 'Enter the reference of the original concern' })
    .trim()
    .min(1, { error: 'Enter the reference of the original concern' })
    .max(40, { error: 'Enter a reference like CN-2026-004271' }),
});

export const QueueFilterSchema = z.object({
  ward: z
    .string()
    .max(60)
    .regex(/^[a-z0-9-]*$/, { error: 'Choose a ward from the list' })
    .optional(),
  category: z.union([z.literal(''), z.enum(CATEGORIES)], { error: 'Choose a kind of behaviour' }).optional(),
  status: z
    .union([z.literal(''), z.literal('open'), z.enum(STATUSES)], { error: 'Choose a status' })
    .optional(),
  age: z.union([z.literal(''), z.enum(['1', '7', '30', 'older'])], { error: 'Choose an age' }).optional(),
  page: z.coerce.number({ error: 'Page must be a number' }).int().min(1).max(10_000).optional(),
});
export type QueueFilter = z.output<typeof QueueFilterSchema>;
