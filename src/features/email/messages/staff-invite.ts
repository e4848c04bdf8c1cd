// The invitation to set up a back-office account. The link carries a one-time token: the message
// is never logged, and the link works once, for 72 hours.
import { SITE_NAME } from '../../../lib/site.ts';
import { button, checkedUrl, heading, html, paragraph, renderEmail } from './layout.ts';

export const STAFF_INVITE_KIND = 'staff-invite';

export interface StaffInviteInput {
  name: string;
  /** Who invited them; null when they asked for a new link themselves ("forgot password"). */
  invitedBy: string | null;
  setupUrl: string;
}

export function staffInviteEmail(input: StaffInviteInput) {
  const subject = `Set up your ${SITE_NAME} back-office account`;
  const intro =
    input.invitedBy === null
      ? `You asked for a new link to set up your account on the ${SITE_NAME} back office.`
      : `${input.invitedBy} has given you an account on the ${SITE_NAME} back office.`;
  const rendered = renderEmail({
    subject,
    preheader: 'Choose a password and set up an authenticator app. The link works for 72 hours.',
    body: html`${[
      heading('Set up your account'),
      paragraph(`Dear ${input.name},`),
      paragraph(intro),
      paragraph(
        'To set it up you will choose a password and add the account to an authenticator app on your phone.',
      ),
      button('Set up my account', input.setupUrl),
      paragraph(
        'The link works once, for 72 hours. If it has expired, ask for a new one: choose “I have forgotten my password” on the sign-in page.',
      ),
      paragraph('If you were not expecting this email, you can ignore it.'),
    ]}`,
    text: [
      'Set up your account',
      `Dear ${input.name},`,
      intro,
      'To set it up you will choose a password and add the account to an authenticator app on your phone.',
      `Open this link to start:\n${checkedUrl(input.setupUrl)}`,
      'The link works once, for 72 hours. If it has expired, ask for a new one: choose “I have forgotten my password” on the sign-in page.',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n\n'),
    reason: `You are getting this email because an administrator of ${SITE_NAME} invited this address.`,
  });
  return { kind: STAFF_INVITE_KIND, ...rendered };
}
