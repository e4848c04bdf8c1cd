// What a feature may put in the outbox. Validated before insert so nothing that reaches the provider
// can inject a header: one recipient, no CR/LF (or any other control character) in the recipient,
// subject, header names or header values, and only allowlisted headers.
import { z } from 'zod';

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

/**
 * What every copy of a message shares: its kind, subject, body, headers and priority. A message sent
 * to many (a newsletter issue) is checked once against this, then each copy's own part below.
 */
export const EmailContentSchema = z.object({
  /** What the message is, e.g. "newsletter-confirmation". */
  kind: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'A message kind is lower-case letters, digits and dashes'),
  subject: z
    .string()
    .refine(noControl, noControlMessage('A subject'))
    .trim()
    .min(1, 'A message needs a subject')
    .max(200, 'A subject is at most 200 characters'),
  html: z.string().min(1).max(1_000_000),
  text: z.string().min(1).max(1_000_000),
  headers: HeadersSchema,
  /** Bulk messages (newsletters) wait behind transactional ones (confirmations, status updates). */
  priority: z.enum(['transactional', 'bulk']).default('transactional'),
});

/** What each copy has of its own: the recipient, its dedupe key and the secret it carries. */
export const EmailRecipientSchema = z.object({
  to: EmailAddressSchema,
  /** Enqueueing twice with the same key inserts one row (e.g. "newsletter-confirmation/<subscriber id>"). */
  dedupeKey: z.string().min(1).max(200).refine(noControl, noControlMessage('A dedupe key')).optional(),
  /**
   * A one-time secret the message carries (a link's token). The body holds secretPlaceholder() where
   * it goes; the outbox stores the secret only sealed, and the worker fills it in when it sends.
   */
  secret: z.string().min(1).max(200).optional(),
});

export type EmailContent = z.input<typeof EmailContentSchema>;
export type ValidEmailContent = z.output<typeof EmailContentSchema>;
export type EmailRecipient = z.input<typeof EmailRecipientSchema>;

// Messages say nothing of the secret's value: errors may be logged.
export const SECRET_NOT_SHOWN = 'A message with a secret shows it in its HTML and text';
export const SECRET_IN_CLEAR = 'A secret goes in the body only as the placeholder';

/** Whether a message's HTML and text both show the placeholder its secret replaces. */
export function showsPlaceholder(
  content: Pick<ValidEmailContent, 'html' | 'text'>,
  placeholder: string,
): boolean {
  return content.html.includes(placeholder) && content.text.includes(placeholder);
}

/** Everything of a message a secret must never appear in, in clear, as one string to search. */
export function visibleText(
  content: Pick<ValidEmailContent, 'subject' | 'html' | 'text' | 'headers'>,
): string {
  return `${content.subject}\n${content.html}\n${content.text}\n${JSON.stringify(content.headers)}`;
}

export const EmailMessageSchema = EmailContentSchema.extend(EmailRecipientSchema.shape).superRefine(
  (m, ctx) => {
    // Whether the body shows the placeholder needs the app secret: the outbox checks it (enqueueEmails).
    if (m.secret === undefined) return;
    if (visibleText(m).includes(m.secret)) ctx.addIssue({ code: 'custom', message: SECRET_IN_CLEAR });
  },
);

/** A message as a feature writes it. */
export type EmailMessage = z.input<typeof EmailMessageSchema>;
export type ValidEmailMessage = z.output<typeof EmailMessageSchema>;
