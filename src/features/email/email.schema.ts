// What a feature may put in the outbox. Validated before insert so nothing that reaches the provider
// can inject a header: one recipient, no CR/LF (or any other control character) in the recipient,
// subject, header names or header values, and only allowlisted headers.
import { z } from 'zod';
import { SECRET_PLACEHOLDER } from '../secrets/secrets.ts';

/** Any control character: CR and LF, the other C0 controls, DEL and the C1 controls. */
const CONTROL = /\p{Cc}/u;
const noControl = (value: string): boolean => !CONTROL.test(value);
const noControlMessage = (what: string) => `${what} must not contain line breaks or control characters`;

/** Headers a message may carry, in their canonical spelling. Everything else is refused. */
export const ALLOWED_HEADERS = [
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Id',
  'Auto-Submitted',
] as const;
const ALLOWED_LOWER = new Map(ALLOWED_HEADERS.map((h) => [h.toLowerCase(), h]));

/** The one value RFC 8058 allows for List-Unsubscribe-Post. */
export const ONE_CLICK = 'List-Unsubscribe=One-Click';

export const EmailAddressSchema = z
  .string({ error: 'Enter an email address' })
  .refine(noControl, noControlMessage('An email address'))
  .trim()
  .max(254, 'An email address is at most 254 characters')
  .pipe(z.email({ error: 'Enter one email address, like name@example.com' }));

const HeadersSchema = z
  .record(z.string(), z.string().max(2000).refine(noControl, noControlMessage('A header value')))
  .default({})
  .transform((headers, ctx) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const canonical = ALLOWED_LOWER.get(name.toLowerCase());
      if (!canonical) {
        ctx.addIssue({ code: 'custom', message: `The header ${JSON.stringify(name)} is not allowed` });
        return z.NEVER;
      }
      out[canonical] = value;
    }
    const post = out['List-Unsubscribe-Post'];
    if (post !== undefined) {
      // RFC 8058: one-click needs this exact value and an HTTPS URI in List-Unsubscribe.
      if (post !== ONE_CLICK) {
        ctx.addIssue({ code: 'custom', message: `List-Unsubscribe-Post must be "${ONE_CLICK}"` });
      }
      if (!/<https:\/\/[^<>\s]+>/.test(out['List-Unsubscribe'] ?? '')) {
        ctx.addIssue({
          code: 'custom',
          message: 'One-click unsubscribe needs an https URI in List-Unsubscribe',
        });
      }
    }
    return out;
  });

export const EmailMessageSchema = z
  .object({
    /** What the message is, e.g. "newsletter-confirmation". */
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'A message kind is lower-case letters, digits and dashes'),
    to: EmailAddressSchema,
    subject: z
      .string()
      .refine(noControl, noControlMessage('A subject'))
      .trim()
      .min(1, 'A message needs a subject')
      .max(200, 'A subject is at most 200 characters'),
    html: z.string().min(1).max(1_000_000),
    text: z.string().min(1).max(1_000_000),
    headers: HeadersSchema,
    /** Enqueueing twice with the same key inserts one row (e.g. "newsletter-confirmation/<subscriber id>"). */
    dedupeKey: z.string().min(1).max(200).refine(noControl, noControlMessage('A dedupe key')).optional(),
    /** Bulk messages (newsletters) wait behind transactional ones (confirmations, status updates). */
    priority: z.enum(['transactional', 'bulk']).default('transactional'),
    /**
     * A one-time secret the message carries (a link's token). The body holds SECRET_PLACEHOLDER where
     * it goes; the outbox stores the secret only sealed, and the worker fills it in when it sends.
     */
    secret: z.string().min(1).max(200).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.secret === undefined) return;
    // Messages say nothing of the secret's value: errors may be logged.
    if (!m.html.includes(SECRET_PLACEHOLDER) || !m.text.includes(SECRET_PLACEHOLDER)) {
      ctx.addIssue({ code: 'custom', message: 'A message with a secret shows it in its HTML and text' });
    }
    if (`${m.subject}\n${m.html}\n${m.text}\n${JSON.stringify(m.headers)}`.includes(m.secret)) {
      ctx.addIssue({ code: 'custom', message: 'A secret goes in the body only as the placeholder' });
    }
  });

/** A message as a feature writes it. */
export type EmailMessage = z.input<typeof EmailMessageSchema>;
export type ValidEmailMessage = z.output<typeof EmailMessageSchema>;
