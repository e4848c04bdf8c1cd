// Property-based (fast-check): whatever a form sends to subscribe or to change preferences, the
// answer is a validation message (a 4xx), a domain refusal the action maps to a 4xx, or success —
// never an unexpected error (a 5xx). Against the real database, 40 runs each.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { NewsletterError } from '../../../src/features/newsletters/newsletter-error.ts';
import { PreferencesSchema, SubscribeSchema } from '../../../src/features/newsletters/newsletters.schema.ts';
import {
  confirmSubscription,
  requestSubscription,
  unsubscribe,
  updatePreferences,
  viewPreferences,
} from '../../../src/features/newsletters/subscriptions.server.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

/** Every refusal the actions map to a 4xx (src/actions/newsletters.ts: newsletterError). */
const MAPPED = new Set([
  'throttled',
  'unknown_place',
  'invalid_link',
  'not_found',
  'not_published',
  'already_sent',
]);

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\r\nBcc: x@example.org',
    '\ud800',
    '<script>alert(1)</script>',
    "' OR 1=1; --",
  ),
  fc.constantFrom(
    'all',
    'borough',
    'wards',
    'camden',
    'islington',
    'bloomsbury',
    'arsenal',
    'atlantis',
    'CAMDEN',
  ),
);
/** A form field as Astro hands it over: text, missing (null) or absent. */
const field = fc.option(hostile, { nil: null });
const email = fc.oneof(fc.emailAddress(), hostile, fc.constant('Reader@Example.NET'));
const audienceFields = {
  audience: field,
  borough: field,
  wards: fc.oneof(fc.array(hostile, { maxLength: 45 }), fc.constant([])),
};

let client = 0;
const ctx = () => ({
  appSecret: TEST_SECRET,
  baseUrl: 'https://portal.example',
  client: `198.51.100.${++client % 250}`,
});

async function expectOnlyRefusals(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(NewsletterError);
    expect(MAPPED.has((error as NewsletterError).code)).toBe(true);
  }
}

describe('subscribe: any input', () => {
  test('is refused with a message, refused by the feature in a way the action maps to 4xx, or accepted', async ({
    db,
  }) => {
    await fc.assert(
      fc.asyncProperty(fc.record({ email, ...audienceFields }, { requiredKeys: [] }), async (input) => {
        const parsed = SubscribeSchema.safeParse(input);
        if (!parsed.success) {
          expect(parsed.error.issues.length).toBeGreaterThan(0);
          for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(0);
          return;
        }
        await expectOnlyRefusals(() => requestSubscription(db, parsed.data, ctx()));
      }),
      { numRuns: 40 },
    );
  });
});

describe('preferences: any input, with a real link or any other', () => {
  test('changes the choice, or is refused as above; unsubscribe never throws', async ({ db }) => {
    await requestSubscription(db, { email: 'property-reader@example.net', audience: { kind: 'all' } }, ctx());
    const rows = await db.query.oneTimeSecrets.findMany();
    expect(rows.length).toBeGreaterThan(0);
    // The confirmation link is only in the outbox, sealed: confirm through it as a reader would.
    const { renderBody } = await import('../../../src/features/email/delivery.server.ts');
    const outbox = await db.query.emailOutbox.findMany();
    const message = outbox.find((m) => m.recipient === 'property-reader@example.net');
    const link = renderBody(message as NonNullable<typeof message>, TEST_SECRET).text.match(
      /confirm\/([a-z2-7]{32})/,
    )?.[1];
    const { preferencesToken } = await confirmSubscription(db, TEST_SECRET, link as string);
    const token = fc.oneof(
      fc.constant(preferencesToken),
      fc.string({ maxLength: 40 }),
      fc.constant('a'.repeat(32)),
    );

    await fc.assert(
      fc.asyncProperty(fc.record(audienceFields, { requiredKeys: [] }), token, async (input, tok) => {
        const parsed = PreferencesSchema.safeParse(input);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(0);
          return;
        }
        await expectOnlyRefusals(() => updatePreferences(db, TEST_SECRET, tok, parsed.data));
        if (tok === preferencesToken) {
          expect(await viewPreferences(db, TEST_SECRET, tok)).not.toBeNull();
        }
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 64 }), async (tok) => {
        expect(typeof (await unsubscribe(db, TEST_SECRET, tok))).toBe('boolean');
      }),
      { numRuns: 40 },
    );
  });
});
