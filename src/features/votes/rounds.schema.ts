// Input for staff running a vote round: open one (its options, times and rules), edit it before
// anyone has voted, extend it, close it early, and record the panel's decision. No `.server.ts`
// imports: actions, pages and tests share it. Times are typed as London wall-clock time (a
// datetime-local input) and leave here as instants.
import { z } from 'zod';
import { calendarDate, londonDateTime as londonTime } from '../../lib/calendar-date.ts';
import { confirmed } from '../../lib/confirmation.ts';
import { londonToday } from '../../lib/dates.ts';
import { WardSlugSchema } from '../places/places.schema.ts';
import { normaliseLineBreaks, OUTCOME_MAX_LENGTH } from '../priorities/priorities.ts';
import {
  CLOSE_REASON_MAX_LENGTH,
  DECISION_REASON_MAX_LENGTH,
  DEFAULT_MAX_CHOICES,
  MAX_OPTIONS,
  MIN_OPTIONS,
  OPTION_DESCRIPTION_MAX_LENGTH,
  OPTION_TITLE_MAX_LENGTH,
} from './rounds.ts';

/** The form's option rows: option1Title, option1Description, … option10Description. */
export const OPTION_ROWS = Array.from({ length: MAX_OPTIONS }, (_, i) => i + 1);
export const optionField = (row: number, part: 'Title' | 'Description') => `option${row}${part}`;

/**
 * Empty is allowed here (a row left blank); the rows' rules are checked together below. Optional at
 * the top, as Astro reads an empty field as absent for an optional field (and as null otherwise).
 */
const optional = (max: number, tooLong: string) =>
  z.string().overwrite(normaliseLineBreaks).trim().max(max, { error: tooLong }).optional();

const text = (missing: string, max: number, tooLong: string) =>
  z.string({ error: missing }).overwrite(normaliseLineBreaks).trim().min(1, { error: missing }).max(max, {
    error: tooLong,
  });

/** The round form's fields in page order (for the error summary). */
export const ROUND_FORM_FIELDS = [
  ...OPTION_ROWS.flatMap((row) => [optionField(row, 'Title'), optionField(row, 'Description')]),
  'opensAt',
  'closesAt',
  'maxChoices',
  'showCounts',
];

const optionShape = Object.fromEntries(
  OPTION_ROWS.flatMap((row) => [
    [
      optionField(row, 'Title'),
      optional(
        OPTION_TITLE_MAX_LENGTH,
        `Option ${row}’s title must be ${OPTION_TITLE_MAX_LENGTH} characters or fewer`,
      ),
    ],
    [
      optionField(row, 'Description'),
      optional(
        OPTION_DESCRIPTION_MAX_LENGTH,
        `Option ${row}’s sentence must be ${OPTION_DESCRIPTION_MAX_LENGTH} characters or fewer`,
      ),
    ],
  ]),
) as Record<string, ReturnType<typeof optional>>;

const RoundRef = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const RoundFields = z.object({
  ...optionShape,
  opensAt: londonTime('Enter when voting opens'),
  closesAt: londonTime('Enter when voting closes'),
  /** Left empty: DEFAULT_MAX_CHOICES, or every option when there are fewer. */
  maxChoices: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce
      .number({ error: 'Enter how many options a voter may choose' })
      .int({ error: 'Enter a whole number of options' })
      .min(1, { error: 'A voter must be able to choose at least 1 option' })
      .max(MAX_OPTIONS, { error: `A voter may choose at most ${MAX_OPTIONS} options` })
      .optional(),
  ),
  /** A checkbox: "yes" when ticked, absent otherwise. */
  showCounts: z.literal('yes').optional(),
});

/** What a round's form gives the feature. */
export interface RoundInput {
  options: { title: string; description: string }[];
  opensAt: Date;
  closesAt: Date;
  maxChoices: number;
  showCountsWhileOpen: boolean;
}

type Fields = z.output<typeof RoundFields>;

/** An option row's field as typed (the rows' names are built, so the type does not list them). */
const rowText = (v: Fields, name: string): string =>
  ((v as unknown as Record<string, unknown>)[name] as string | undefined) ?? '';

/** The rows' rules (each filled row has both parts; 2 to 10 of them), the choices and the times. */
function checkRound(v: Fields, ctx: z.RefinementCtx): void {
  const get = (name: string) => rowText(v, name);
  let filled = 0;
  for (const row of OPTION_ROWS) {
    const title = get(optionField(row, 'Title'));
    const description = get(optionField(row, 'Description'));
    if (title && !description)
      ctx.addIssue({
        code: 'custom',
        path: [optionField(row, 'Description')],
        message: `Enter a sentence saying what option ${row} would mean`,
      });
    if (description && !title)
      ctx.addIssue({
        code: 'custom',
        path: [optionField(row, 'Title')],
        message: `Enter option ${row}’s title`,
      });
    if (title || description) filled++;
  }
  if (filled < MIN_OPTIONS)
    ctx.addIssue({
      code: 'custom',
      path: [optionField(filled === 0 ? 1 : 2, 'Title')],
      message: `Enter at least ${MIN_OPTIONS} options`,
    });
  if (filled >= MIN_OPTIONS && v.maxChoices !== undefined && v.maxChoices > filled)
    ctx.addIssue({
      code: 'custom',
      path: ['maxChoices'],
      message: `A voter cannot choose more options than there are (${filled})`,
    });
  if (v.closesAt <= v.opensAt)
    ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'Voting must close after it opens' });
  else if (v.closesAt <= new Date())
    ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'Voting must close in the future' });
}

function toRoundInput(v: Fields): RoundInput {
  const get = (name: string) => rowText(v, name);
  const options = OPTION_ROWS.map((row) => ({
    title: get(optionField(row, 'Title')),
    description: get(optionField(row, 'Description')),
  })).filter((o) => o.title);
  return {
    options,
    opensAt: v.opensAt,
    closesAt: v.closesAt,
    maxChoices: v.maxChoices ?? Math.min(DEFAULT_MAX_CHOICES, options.length),
    showCountsWhileOpen: v.showCounts === 'yes',
  };
}

/** Opening a round for the ward named (a slug, as the page's URL has it). */
export const RoundCreateSchema = RoundFields.extend({ ward: WardSlugSchema })
  .superRefine(checkRound)
  .transform((v) => ({ ward: v.ward, round: toRoundInput(v) }));

/** Changing a round nobody has voted in yet. */
export const RoundEditSchema = RoundFields.extend(RoundRef.shape)
  .superRefine(checkRound)
  .transform((v) => ({ id: v.id, round: toRoundInput(v) }));

/** Moving the close later: the one change allowed once someone has voted. */
export const RoundExtendSchema = RoundRef.extend({
  closesAt: londonTime('Enter the new closing time'),
}).refine((v) => v.closesAt > new Date(), {
  path: ['closesAt'],
  error: 'The new closing time must be in the future',
});

/** Closing early, from its confirmation page. */
export const RoundCloseSchema = confirmed(
  RoundRef.extend({
    reason: text(
      'Enter why voting is closing early',
      CLOSE_REASON_MAX_LENGTH,
      `Reason must be ${CLOSE_REASON_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
    ),
  }),
  'Confirm that voting should close now',
);

const ids = z.array(z.coerce.number().int().positive().max(2_147_483_647)).max(MAX_OPTIONS).default([]);

/** The panel's decision: which options become priorities, which current ones they replace, and why. */
export const RoundDecisionSchema = RoundRef.extend({
  chosen: ids,
  replaced: ids,
  reason: text(
    'Enter why the panel decided this',
    DECISION_REASON_MAX_LENGTH,
    `Reason must be ${DECISION_REASON_MAX_LENGTH} characters or fewer`,
  ),
  decidedOn: z
    .string({ error: 'Enter the date the panel decided' })
    .pipe(calendarDate)
    .refine((d) => d <= londonToday(new Date()), { error: 'The date must be today or in the past' }),
  outcome: z
    .string()
    .overwrite(normaliseLineBreaks)
    .trim()
    .max(OUTCOME_MAX_LENGTH, { error: 'Outcome must be 1,000 characters or fewer' })
    .optional(),
}).superRefine((v, ctx) => {
  if (v.replaced.length > 0 && !v.outcome)
    ctx.addIssue({
      code: 'custom',
      path: ['outcome'],
      message: 'Enter what came of the priorities the new ones replace',
    });
});
export type RoundDecisionInput = z.output<typeof RoundDecisionSchema>;
