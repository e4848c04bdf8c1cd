// Input of the residents' voting forms: casting a vote, typing its code, asking for a new code.
// Shared by the actions, the pages and the tests; no `.server.ts` imports. The island does not import
// it (full zod is beyond its page's budget): the island posts the same form and shows the server's
// answer. The round's own rules (which options, how many) are checked by ballots.server.ts with
// ballots.ts.
import { z } from 'zod';
import { EmailAddressSchema } from '../email/email.schema.ts';
import { checkPostcode } from './postcode-districts.ts';
import { MAX_OPTIONS } from './rounds.ts';

const ward = z.string({ error: 'Choose a ward' }).regex(/^[a-z0-9-]{1,80}$/, { error: 'Choose a ward' });

export const CastSchema = z.object({
  ward,
  // An array schema under the transform (no default between them), so Astro reads every ticked box
  // (FormData.getAll; none gives []).
  choices: z
    .array(z.string().regex(/^\d{1,9}$/, { error: 'Choose options from the list' }), {
      error: 'Choose at least 1 option',
    })
    .max(MAX_OPTIONS, { error: 'Choose options from the list' })
    .transform((ids) => ids.map(Number))
    .refine((ids) => ids.length > 0, { error: 'Choose at least 1 option' }),
  email: EmailAddressSchema,
  postcode: z
    .string({ error: 'Enter your postcode' })
    .max(16, { error: 'Enter a real postcode, like N7 8LX' })
    .transform((typed, ctx) => {
      if (typed.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'Enter your postcode' });
        return z.NEVER;
      }
      const checked = checkPostcode(typed);
      if (!checked.ok) {
        ctx.addIssue({
          code: 'custom',
          message:
            checked.reason === 'format'
              ? 'Enter a real postcode, like N7 8LX'
              : 'Enter a postcode in or next to Camden or Islington: this vote is for people who live, work or study nearby',
        });
        return z.NEVER;
      }
      return checked.district;
    }),
  /** "Email me the outcome": the address is kept, sealed, only when this is ticked. */
  outcome: z
    .enum(['yes'], { error: 'Choose whether to hear the outcome' })
    .nullish()
    .transform((v) => v === 'yes'),
});
export type CastInput = z.output<typeof CastSchema>;

export const CodeSchema = z.object({
  ward,
  code: z
    .string({ error: 'Enter the 6-digit code from the email' })
    .trim()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, { error: 'Enter the 6 digits of the code, like 123456' })),
});
export type CodeInput = z.output<typeof CodeSchema>;

/** A new code: the address is typed again (it is not kept), and must be the one the vote was cast with. */
export const ResendSchema = z.object({ ward, email: EmailAddressSchema });
export type ResendInput = z.output<typeof ResendSchema>;
