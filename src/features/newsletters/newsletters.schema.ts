// Input for the newsletter: subscribing, changing preferences (residents) and writing an issue
// (staff). No `.server.ts` imports: actions, pages and tests share these.
import { z } from 'zod';
import { calendarDate, londonDateTime } from '../../lib/calendar-date.ts';
import { markdownImageProblems } from '../../lib/markdown.ts';
import { PageQuerySchema } from '../../lib/page-query.ts';
import { EmailAddressSchema } from '../email/email.schema.ts';
import { markdownBodySchema } from '../markdown/markdown-body.schema.ts';
import { AUDIENCES, type Audience } from './newsletters.ts';

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, { error: 'Choose from the list' });

/** A ward page's own form names its ward; every form may send several checked boxes. */
const AudienceFields = {
  audience: z.enum(AUDIENCES, { error: 'Choose what you want to receive' }),
  borough: z
    .union([slug, z.literal('')])
    .nullish()
    .transform((v) => v || undefined),
  // An array schema, so Astro reads every checked box (FormData.getAll); none gives [].
  wards: z.array(slug).max(40, { error: 'Choose 40 wards or fewer' }).default([]),
};

type AudienceInput = { audience: (typeof AUDIENCES)[number]; borough?: string | undefined; wards: string[] };

/** The fields as one Audience, or an issue on the field that is missing. */
function toAudience(v: AudienceInput, ctx: z.RefinementCtx, wardsMessage: string): Audience {
  if (v.audience === 'borough') {
    if (!v.borough) {
      ctx.addIssue({ code: 'custom', path: ['borough'], message: 'Choose a borough' });
      return z.NEVER;
    }
    return { kind: 'borough', borough: v.borough };
  }
  if (v.audience === 'wards') {
    if (v.wards.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['wards'], message: wardsMessage });
      return z.NEVER;
    }
    return { kind: 'wards', wards: [...new Set(v.wards)] };
  }
  return { kind: 'all' };
}

export const SubscribeSchema = z
  .object({ email: EmailAddressSchema, ...AudienceFields })
  .transform((v, ctx) => ({
    email: v.email.toLowerCase(),
    audience: toAudience(v, ctx, 'Choose at least one ward'),
  }));
export type SubscribeInput = z.output<typeof SubscribeSchema>;

export const PreferencesSchema = z
  .object(AudienceFields)
  .transform((v, ctx) => ({ audience: toAudience(v, ctx, 'Choose at least one ward') }));
export type PreferencesInput = z.output<typeof PreferencesSchema>;

export const NEWSLETTER_BODY_MAX = 20_000;
export const NEWSLETTER_BODY_RULE = {
  max: NEWSLETTER_BODY_MAX,
  missing: 'Enter the newsletter',
  tooLong: 'The newsletter must be 20,000 characters or fewer',
};

export const NewsletterBodySchema = markdownBodySchema(NEWSLETTER_BODY_RULE).superRefine((body, ctx) => {
  const [problem] = markdownImageProblems(body);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const NewsletterRef = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/**
 * Feed readers treat titles and summaries as HTML in some formats and as text in others: a < or >
 * in them cannot be shown the same way everywhere, so they are refused.
 */
const noAngleBrackets = (v: string) => !/[<>]/.test(v);
const NO_ANGLE_BRACKETS = (what: string) => `${what} must not contain < or >`;

const NewsletterFields = {
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, { error: 'Enter a title' })
    .max(150, { error: 'Title must be 150 characters or fewer' })
    .refine(noAngleBrackets, { error: NO_ANGLE_BRACKETS('Title') }),
  summary: z
    .string({ error: 'Enter a summary' })
    .trim()
    .min(1, { error: 'Enter a summary' })
    .max(300, { error: 'Summary must be 300 characters or fewer' })
    .refine(noAngleBrackets, { error: NO_ANGLE_BRACKETS('Summary') })
    // One paragraph (the field is a box of a few lines): a line break typed in it becomes a space.
    .transform((summary) => summary.replace(/\s*\n\s*/g, ' ')),
  issueDate: z.string({ error: 'Enter the date of the issue' }).pipe(calendarDate),
  body: NewsletterBodySchema,
  ...AudienceFields,
};

function toNewsletterInput<T extends AudienceInput>(
  { audience, borough, wards, ...rest }: T,
  ctx: z.RefinementCtx,
) {
  return { ...rest, audience: toAudience({ audience, borough, wards }, ctx, 'Choose at least one ward') };
}

export const NewsletterSchema = z.object(NewsletterFields).transform(toNewsletterInput);
export type NewsletterInput = z.output<typeof NewsletterSchema>;

/** Editing: the same fields and the issue's id. */
export const NewsletterEditSchema = z
  .object({ ...NewsletterFields, ...NewsletterRef.shape })
  .transform(toNewsletterInput);

/** The archive's query string: which page. */
export const ArchiveQuerySchema = PageQuerySchema;

/** Scheduling: when, as a datetime-local input sends it (London time), as the instant it stands for. */
export const ScheduleSchema = NewsletterRef.extend({
  sendAt: londonDateTime('Enter the date and time to send it'),
});
