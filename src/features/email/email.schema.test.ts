import { describe, expect, it } from 'vitest';
import { EmailMessageSchema, ONE_CLICK } from './email.schema.ts';

const base = {
  kind: 'newsletter-confirmation',
  to: 'resident@example.com',
  subject: 'Confirm your subscription',
  html: '<p>Hello</p>',
  text: 'Hello',
};
const ok = (overrides: Record<string, unknown>) =>
  EmailMessageSchema.safeParse({ ...base, ...overrides }).success;

describe('EmailMessageSchema', () => {
  it('accepts a plain message and fills the defaults', () => {
    const parsed = EmailMessageSchema.parse({ ...base, to: '  Resident@Example.com ' });
    expect(parsed).toMatchObject({ to: 'Resident@Example.com', headers: {}, priority: 'transactional' });
  });

  it.each([
    ['CR/LF and a Bcc in the address', 'resident@example.com\r\nBcc: victim@example.com'],
    ['a bare LF', 'resident@example.com\nBcc: victim@example.com'],
    ['a trailing CRLF', 'resident@example.com\r\n'],
    ['two addresses', 'a@example.com, b@example.com'],
    ['a display name', 'Resident <resident@example.com>'],
    ['no domain', 'resident@'],
    ['a NUL', 'resident@example.com\u0000'],
  ])('refuses a recipient with %s', (_, to) => {
    expect(ok({ to })).toBe(false);
  });

  it.each([
    ['CRLF', 'Hello\r\nBcc: victim@example.com'],
    ['LF', 'Hello\nthere'],
    ['CR', 'Hello\rthere'],
    ['a tab', 'Hello\tthere'],
    ['a C1 control', 'Hello\u0085there'],
  ])('refuses a subject with %s', (_, subject) => {
    expect(ok({ subject })).toBe(false);
  });

  it('refuses an empty or over-long subject', () => {
    expect(ok({ subject: '   ' })).toBe(false);
    expect(ok({ subject: 'x'.repeat(201) })).toBe(false);
  });

  it('allows only allowlisted headers, case-insensitively, in their canonical spelling', () => {
    const parsed = EmailMessageSchema.parse({ ...base, headers: { 'list-id': '<news.example.org>' } });
    expect(parsed.headers).toEqual({ 'List-Id': '<news.example.org>' });
    expect(ok({ headers: { Bcc: 'victim@example.com' } })).toBe(false);
    expect(ok({ headers: { 'Reply-To': 'x@example.com' } })).toBe(false);
    expect(ok({ headers: { 'List-Id\r\nBcc': 'x' } })).toBe(false);
  });

  it('refuses CR/LF in a header value', () => {
    expect(ok({ headers: { 'List-Id': '<a.example.org>\r\nBcc: victim@example.com' } })).toBe(false);
  });

  it('holds one-click unsubscribe to RFC 8058', () => {
    const unsubscribe = '<https://portal.example/newsletter/unsubscribe?token=abc>';
    expect(ok({ headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': ONE_CLICK } })).toBe(
      true,
    );
    expect(ok({ headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'yes' } })).toBe(false);
    expect(
      ok({ headers: { 'List-Unsubscribe': '<mailto:u@example.org>', 'List-Unsubscribe-Post': ONE_CLICK } }),
    ).toBe(false);
  });

  it('checks the kind and the dedupe key', () => {
    expect(ok({ kind: 'Newsletter Confirmation' })).toBe(false);
    expect(ok({ dedupeKey: 'a\nb' })).toBe(false);
    expect(ok({ dedupeKey: 'newsletter-confirmation/42' })).toBe(true);
  });
});
