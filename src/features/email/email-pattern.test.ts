// The residents' forms' address rule (src/lib/form-rules.ts, which the islands apply) against the
// outbox's: an address a question page accepts must be one the outbox accepts, or the form is sent and
// the email it triggers fails (security review 3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMAIL_PATTERN } from '../../lib/form-rules.ts';
import { EmailAddressSchema } from './email.schema.ts';

describe('EMAIL_PATTERN', () => {
  it('is the rule the outbox checks addresses with (zod’s), for any string', () => {
    const alphabet = fc.constantFrom(..."aZ09_.+-'@&é ſK\u0001".split(''));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.emailAddress(),
          fc.stringMatching(z.regexes.email),
          fc.stringMatching(new RegExp(EMAIL_PATTERN.source.replaceAll('a-z', 'a-zA-Z'))),
          fc.string({ unit: alphabet, maxLength: 30 }),
        ),
        (address) => {
          expect(EMAIL_PATTERN.test(address), address).toBe(z.regexes.email.test(address));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    'jo&e@example.org',
    'jose@münchen.de',
    'a@example.c',
    'a\u0001b@example.org',
    'a b@example.org',
    '.a@example.org',
  ])('refuses %j, as the outbox does', (address) => {
    expect(EMAIL_PATTERN.test(address)).toBe(false);
    expect(EmailAddressSchema.safeParse(address).success).toBe(false);
  });

  it('accepts only what the outbox accepts, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: 'grapheme' })), (address) => {
        if (address.length <= 254 && EMAIL_PATTERN.test(address))
          expect(EmailAddressSchema.safeParse(address).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
