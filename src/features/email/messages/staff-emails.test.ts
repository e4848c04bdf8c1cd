import { describe, expect, it } from 'vitest';
import { EmailMessageSchema } from '../email.schema.ts';
import { accountSecurityEmail } from './account-security.ts';
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
  it('tell a member what changed on their sign-in, with no link that signs in', () => {
    for (const event of [
      'password_changed',
      'authenticator_changed',
      'recovery_code_used',
      'second_factor_reset',
      'recovery_codes_withdrawn',
    ] as const) {
      const m = accountSecurityEmail({
        name: 'Ada <L>',
        event,
        signInUrl: 'https://portal.example/staff/login',
      });
      expect(EmailMessageSchema.safeParse({ to: 'ada@example.org', ...m }).success).toBe(true);
      expect(m.html).toContain('Ada &lt;L&gt;');
      expect(m.text).toContain('https://portal.example/staff/login');
      const notYou = {
        second_factor_reset: /If you did not ask for this/,
        recovery_codes_withdrawn: /Nobody signed in to your account/,
      } as Partial<Record<typeof event, RegExp>>;
      expect(m.text).toMatch(notYou[event] ?? /If this was not you/);
    }
  });
});
