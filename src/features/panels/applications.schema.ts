// Input for the application journeys: one schema for every question page (the page posts its form
// and step, and the step's own rules in application-steps.ts check its fields), sending, confirming
// an email address and a parent's or guardian's answer. No `.server.ts` imports: the actions, the
// pages and the tests share it.
import { z } from 'zod';
import { confirmed } from '../../lib/confirmation.ts';
import { formField } from '../../lib/form-field.ts';
import { type ApplyAnswers, checkApplyStep } from './application-steps.ts';
import { APPLY_FORMS, type ApplyForm, type ApplyStep, FORM_STEPS } from './applications.ts';
import { EQUALITY_QUESTIONS } from './equality-questions.ts';

const field = formField;

const FIELDS = [
  'adult',
  'ward',
  'dateOfBirth',
  'guardianName',
  'guardianEmail',
  'fullName',
  'email',
  'phone',
  'connection',
  'organisation',
  'reason',
  'availability',
  'accessNeeds',
  'contactConsent',
  'showOnPanelPage',
  ...EQUALITY_QUESTIONS.map((q) => q.name),
] as const;

const formName = z.enum(APPLY_FORMS as [ApplyForm, ...ApplyForm[]], { error: 'Start the application again' });

export type StepAnswer = { [S in ApplyStep]: { step: S; answers: ApplyAnswers[S] } }[ApplyStep];

/**
 * A question page's post: which form and step, whether it came from the check page, the honeypot
 * `website` (people never see it, so never fill it), and the step's fields checked by its rules.
 */
export const ApplyStepSchema = z
  .object({
    form: formName,
    step: z.string({ error: 'Start the application again' }),
    from: z.enum(['check']).nullish(),
    website: field,
    ...Object.fromEntries(FIELDS.map((f) => [f, field])),
  })
  .transform((v, ctx) => {
    const step = v.step as ApplyStep;
    if (!FORM_STEPS[v.form].includes(step)) {
      ctx.addIssue({ code: 'custom', path: ['step'], message: 'Start the application again' });
      return z.NEVER;
    }
    const checked = checkApplyStep(step, v as Record<string, string | null | undefined>);
    if (!checked.ok) {
      for (const [path, message] of checked.problems) ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    }
    const answers =
      step === 'consent' && v.form === 'youth-forum'
        ? { ...(checked.value as ApplyAnswers['consent']), showOnPanelPage: false }
        : checked.value;
    return {
      form: v.form,
      from: v.from ?? null,
      website: v.website ?? '',
      ...({ step, answers } as StepAnswer),
    };
  });

export const SendApplicationSchema = confirmed(
  z.object({ form: formName }),
  'Send the application with the button on this page',
);

/** The confirmation link's token is in a cookie: the button posts nothing else. */
export const ConfirmApplicationSchema = z.object({});

export const GuardianDecisionSchema = z.object({
  decision: z.enum(['approve', 'decline'], { error: 'Choose whether you agree' }),
});
