// The password reset link for a staff account. One-time token: never logged; works once, 1 hour.
import { SITE_NAME } from '../../../lib/site.ts';
import { button, checkedUrl, heading, html, paragraph, renderEmail } from './layout.ts';

export const PASSWORD_RESET_KIND = 'staff-password-reset';

export interface PasswordResetInput {
  name: string;
  resetUrl: string;
}

export function passwordResetEmail(input: PasswordResetInput) {
  const subject = `Reset your ${SITE_NAME} password`;
  const rendered = renderEmail({
    subject,
    preheader: 'The link works once, for 1 hour.',
    body: html`${[
      heading('Reset your password'),
      paragraph(`Dear ${input.name},`),
      paragraph(
        'Someone asked to reset the password of your back-office account. If it was you, choose a new one:',
      ),
      button('Choose a new password', input.resetUrl),
      paragraph('The link works once, for 1 hour. You will still need your authenticator app to sign in.'),
      paragraph(
        'If you did not ask for this, you can ignore this email: your password has not changed. Tell an administrator if it keeps happening.',
      ),
    ]}`,
    text: [
      'Reset your password',
      `Dear ${input.name},`,
      'Someone asked to reset the password of your back-office account. If it was you, open this link to choose a new one:',
      checkedUrl(input.resetUrl),
      'The link works once, for 1 hour. You will still need your authenticator app to sign in.',
      'If you did not ask for this, you can ignore this email: your password has not changed. Tell an administrator if it keeps happening.',
    ].join('\n\n'),
    reason: `You are getting this email because a password reset was asked for on ${SITE_NAME}.`,
  });
  return { kind: PASSWORD_RESET_KIND, ...rendered };
}
