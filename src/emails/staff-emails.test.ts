import { describe, expect, it } from 'vitest';
import { EmailMessageSchema } from '../features/email/email.schema.ts';
import { passwordResetEmail } from './password-reset.ts';
import { staffInviteEmail } from './staff-invite.ts';

describe('staff emails', () => {
  const invite = staffInviteEmail({
    name: 'Ada <Lovelace>',
    invitedBy: 'Grace & Co',
    setupUrl: 'https://portal.example/staff/setup/abc',
  });
  const reset = passwordResetEmail({
    name: 'Ada',
    resetUrl: 'https://portal.example/staff/reset-password/abc',
  });

  it('have a language, a title, real text and a plain-text twin with the link', () => {
    for (const m of [invite, reset]) {
      expect(m.html).toContain('<html lang="en-GB">');
      expect(m.html).toContain(`<title>${m.subject}</title>`);
      expect(m.html).not.toContain('<img');
      expect(m.text).toMatch(/https:\/\/portal\.example\/staff\/(setup|reset-password)\/abc/);
    }
  });
  it('escape what people typed', () => {
    expect(invite.html).toContain('Ada &lt;Lovelace&gt;');
    expect(invite.html).toContain('Grace &amp; Co');
    expect(invite.html).not.toContain('<Lovelace>');
  });
  it('are valid outbox messages', () => {
    expect(EmailMessageSchema.safeParse({ to: 'ada@example.org', ...invite }).success).toBe(true);
    expect(EmailMessageSchema.safeParse({ to: 'ada@example.org', ...reset }).success).toBe(true);
  });
  it('refuse a link that is not http(s)', () => {
    expect(() => passwordResetEmail({ name: 'x', resetUrl: 'javascript:alert(1)' })).toThrow();
  });
});
