// Input for staff running panel membership: the decision on an application and removing a member.
// No `.server.ts` imports: actions, pages and tests share it.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';
import { confirmed } from '../../lib/confirmation.ts';
import { DECISIONS } from './membership.ts';

export const REASON_MAX_LENGTH = 1_000;

const optionalText = (tooLong: string) =>
  z
    .string()
    .trim()
    .max(REASON_MAX_LENGTH, { error: tooLong })
    .nullish()
    .transform((v) => v || null);

const date = (missing: string) =>
  z.string({ error: missing }).trim().min(1, { error: missing }).pipe(calendarDate);

export const DecisionSchema = z
  .object({
    id: z.uuid({ error: 'That application does not exist' }),
    decision: z.enum(DECISIONS, { error: 'Choose a decision' }),
    reason: optionalText('The reason must be 1,000 characters or fewer'),
    termStartsOn: z.string().nullish(),
    termEndsOn: z.string().nullish(),
    adultConfirmed: z.enum(['yes']).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'declined' && !v.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Enter the reason for declining: the applicant is told it',
      });
    if (v.decision !== 'approved') return;
    for (const [field, missing] of [
      ['termStartsOn', 'Enter the day the term starts'],
      ['termEndsOn', 'Enter the day the term ends'],
    ] as const) {
      const parsed = date(missing).safeParse(v[field] ?? '');
      if (!parsed.success)
        ctx.addIssue({ code: 'custom', path: [field], message: parsed.error.issues[0]?.message ?? missing });
    }
    if (v.termStartsOn && v.termEndsOn && v.termEndsOn.trim() <= v.termStartsOn.trim())
      ctx.addIssue({ code: 'custom', path: ['termEndsOn'], message: 'The term must end after it starts' });
  })
  .transform((v) => ({
    id: v.id,
    decision: v.decision,
    reason: v.reason,
    term:
      v.decision === 'approved' && v.termStartsOn && v.termEndsOn
        ? { startsOn: v.termStartsOn.trim(), endsOn: v.termEndsOn.trim() }
        : null,
    adultConfirmed: v.adultConfirmed === 'yes',
  }));
export type DecisionInput = z.output<typeof DecisionSchema>;

export const RemoveMemberSchema = confirmed(
  z.object({
    id: z.coerce.number({ error: 'That member does not exist' }).int().positive().max(2_147_483_647),
    reason: z
      .string({ error: 'Enter the reason: the member is told it' })
      .trim()
      .min(1, { error: 'Enter the reason: the member is told it' })
      .max(REASON_MAX_LENGTH, { error: 'The reason must be 1,000 characters or fewer' }),
  }),
  'Confirm that this member leaves the panel',
);
export type RemoveMemberInput = z.output<typeof RemoveMemberSchema>;
