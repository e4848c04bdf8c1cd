// Input for the /report journey (one schema per step) and for staff triage. No `.server.ts` imports:
// the actions, the pages and the tests share it.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import {
  CATEGORIES,
  DESCRIPTION_MAX,
  FREQUENCY_MAX,
  IMPACT_MAX,
  LOCATION_MAX,
  NAME_MAX,
  NOTE_MAX,
  OTHER_MAX,
  PARTNERS,
  PHONE_MAX,
  PREFERENCE_MAX,
  STATUSES,
  TIMES_OF_DAY,
} from './concerns.ts';

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
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, { error: tooLong }));
}

/** Posted by a step's form when it was reached from "Check your answers" (a change link). */
const from = z.enum(['check']).nullish();

/** Step 1. `website` is the honeypot: people never see it, so never fill it. */
export const WhatSchema = z
  .object({
    category: z.enum(CATEGORIES, { error: 'Choose what kind of behaviour it is' }),
    categoryOther: optionalText(OTHER_MAX, `Say what it is in ${OTHER_MAX} characters or fewer`),
    website: z.string().nullish(),
    from,
  })
  .superRefine((v, ctx) => {
    if (v.category === 'other' && !v.categoryOther) {
      ctx.addIssue({ code: 'custom', path: ['categoryOther'], message: 'Say what kind of behaviour it is' });
    }
  })
  .transform((v) => ({
    category: v.category,
    categoryOther: v.category === 'other' ? v.categoryOther : '',
    website: v.website ?? '',
    from: v.from ?? null,
  }));

/** Step 2: a ward slug (checked against the wards by the server) or "unknown". */
export const WhereSchema = z.object({
  ward: z
    .string({ error: 'Choose the ward, or “I don’t know”' })
    .trim()
    .min(1, { error: 'Choose the ward, or “I don’t know”' })
    .max(60, { error: 'Choose a ward from the list' })
    .regex(/^[a-z0-9-]+$/, { error: 'Choose a ward from the list' }),
  location: text(
    LOCATION_MAX,
    `The street, estate or landmark must be ${LOCATION_MAX} characters or fewer`,
    'Enter a street, estate or landmark',
  ),
  from,
});

export const WhenSchema = z
  .object({
    timing: z.enum(['once', 'ongoing'], { error: 'Choose whether it happened once or keeps happening' }),
    occurredOn: z.string().nullish(),
    timeOfDay: z.string().nullish(),
    frequency: optionalText(FREQUENCY_MAX, `How often must be ${FREQUENCY_MAX} characters or fewer`),
    from,
  })
  .transform((v, ctx) => {
    if (v.timing === 'ongoing') {
      if (!v.frequency) {
        ctx.addIssue({ code: 'custom', path: ['frequency'], message: 'Say how often it happens' });
        return z.NEVER;
      }
      return {
        timing: 'ongoing' as const,
        occurredOn: null,
        timeOfDay: null,
        frequency: v.frequency,
        from: v.from ?? null,
      };
    }
    const date = calendarDate.safeParse(v.occurredOn ?? '');
    let occurredOn: string | null = null;
    if (!v.occurredOn?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['occurredOn'], message: 'Enter the date it happened' });
    } else if (!date.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['occurredOn'],
        message: date.error.issues[0]?.message ?? 'Enter a real date',
      });
    } else if (date.data > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({
        code: 'custom',
        path: ['occurredOn'],
        message: 'The date must be today or in the past',
      });
    } else {
      occurredOn = date.data;
    }
    const time = z.enum(TIMES_OF_DAY).safeParse(v.timeOfDay);
    if (!time.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeOfDay'],
        message: 'Choose the time of day, or “I am not sure”',
      });
    }
    if (!occurredOn || !time.success) return z.NEVER;
    return {
      timing: 'once' as const,
      occurredOn,
      timeOfDay: time.data,
      frequency: null,
      from: v.from ?? null,
    };
  });

export const DetailsSchema = z.object({
  description: text(
    DESCRIPTION_MAX,
    `What happened must be ${DESCRIPTION_MAX.toLocaleString('en-GB')} characters or fewer`,
    'Describe what happened',
  ),
  impact: text(
    IMPACT_MAX,
    `How it affects you or others must be ${IMPACT_MAX.toLocaleString('en-GB')} characters or fewer`,
    'Say how it affects you or others',
  ),
  from,
});

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export const ContactSchema = z
  .object({
    anonymous: z.enum(['yes', 'no'], { error: 'Choose whether to stay anonymous' }),
    name: optionalText(NAME_MAX, `Your name must be ${NAME_MAX} characters or fewer`),
    email: optionalText(254, 'Email address must be 254 characters or fewer'),
    phone: optionalText(PHONE_MAX, `Phone number must be ${PHONE_MAX} characters or fewer`),
    preference: optionalText(PREFERENCE_MAX, `How and when must be ${PREFERENCE_MAX} characters or fewer`),
    from,
  })
  .superRefine((v, ctx) => {
    if (v.anonymous !== 'no') return;
    if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Enter your name' });
    if (!v.email && !v.phone) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter an email address or a phone number' });
    }
    if (v.email && !EMAIL.test(v.email)) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter an email address in the correct format, like name@example.com',
      });
    }
    if (v.phone && !/^\+?[\d\s()-]{7,}$/.test(v.phone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Enter a phone number, like 020 7946 0000 or 07700 900 982',
      });
    }
  })
  // Anonymous means nothing else is kept, whatever else was typed.
  .transform((v) =>
    v.anonymous === 'yes'
      ? { anonymous: true as const, name: '', email: '', phone: '', preference: '', from: v.from ?? null }
      : {
          anonymous: false as const,
          name: v.name,
          email: v.email.toLowerCase(),
          phone: v.phone,
          preference: v.preference,
          from: v.from ?? null,
        },
  );

export const SendSchema = z.object({
  confirm: z.literal('yes', { error: 'Send the report with the button on this page' }),
});

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

export type WhatAnswers = Omit<z.output<typeof WhatSchema>, 'website' | 'from'>;
export type WhereAnswers = Omit<z.output<typeof WhereSchema>, 'from'>;
export type WhenAnswers = Omit<z.output<typeof WhenSchema>, 'from'>;
export type DetailsAnswers = Omit<z.output<typeof DetailsSchema>, 'from'>;
export type ContactAnswers = Omit<z.output<typeof ContactSchema>, 'from'>;

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
