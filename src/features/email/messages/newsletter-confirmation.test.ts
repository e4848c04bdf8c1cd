import { describe, expect, it } from 'vitest';
import { EmailMessageSchema } from '../email.schema.ts';
import { newsletterConfirmationEmail } from './newsletter-confirmation.ts';

const input = {
  confirmUrl: 'https://portal.example/newsletter/confirm?token=s3cret&x=1',
  unsubscribeUrl: 'https://portal.example/newsletter/unsubscribe?token=u7',
  wardName: 'Kentish Town <North>',
  expiresIn: '7 days',
};

describe('newsletterConfirmationEmail', () => {
  const email = newsletterConfirmationEmail(input);

  it('passes the outbox validation as it is', () => {
    expect(() => EmailMessageSchema.parse({ to: 'resident@example.com', ...email })).not.toThrow();
    expect(email.kind).toBe('newsletter-confirmation');
    expect(email.subject).toBe('Confirm your subscription to the Central North Community Safety newsletter');
  });

  it('carries the RFC 8058 one-click unsubscribe headers', () => {
    expect(email.headers).toEqual({
      'List-Unsubscribe': '<https://portal.example/newsletter/unsubscribe?token=u7>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('is accessible HTML: lang, a heading, the link as real text, escaped input', () => {
    expect(email.html).toContain('<html lang="en-GB">');
    expect(email.html).toMatch(/<h1[^>]*>Confirm your subscription<\/h1>/);
    expect(email.html).toContain('>Confirm my subscription</a>');
    expect(email.html).toContain('href="https://portal.example/newsletter/confirm?token=s3cret&amp;x=1"');
    expect(email.html).toContain('Kentish Town &lt;North&gt;');
    expect(email.html).not.toContain('<North>');
  });

  it('has a plain-text version with the link and the same words', () => {
    expect(email.text).toContain('https://portal.example/newsletter/confirm?token=s3cret&x=1');
    expect(email.text).toContain('the newsletter for Kentish Town <North>');
    expect(email.text).toContain('The link works for 7 days.');
    expect(email.text).toContain('Unsubscribe from these emails');
  });

  it('refuses a link that is not an absolute http(s) URL', () => {
    expect(() => newsletterConfirmationEmail({ ...input, confirmUrl: 'javascript:alert(1)' })).toThrow();
  });
});
