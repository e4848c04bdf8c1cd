// Telling a staff member that something changed on their account's sign-in — so that a change they
// did not make is noticed. Sent to the account's own address; carries no link that signs anyone in.
import { SITE_NAME } from '../../../lib/site.ts';
import { checkedUrl, heading, html, link, paragraph, renderEmail } from './layout.ts';

export const ACCOUNT_SECURITY_KIND = 'staff-account-security';

export type AccountSecurityEvent =
  | 'password_changed'
  | 'authenticator_changed'
  | 'recovery_code_used'
  | 'second_factor_reset'
  | 'recovery_codes_withdrawn';

const WHAT: Record<
  AccountSecurityEvent,
  { subject: string; happened: string; after: string; notYou?: string }
> = {
  password_changed: {
    subject: 'Your password was changed',
    happened: 'The password of your back-office account was changed.',
    after: 'Every other browser signed in to your account has been signed out.',
  },
  authenticator_changed: {
    subject: 'Your authenticator app was changed',
    happened: 'A new authenticator app was set up for your back-office account, with new recovery codes.',
    after: 'The old app and recovery codes no longer work, and every other browser has been signed out.',
  },
  recovery_code_used: {
    subject: 'A recovery code was used to sign in',
    happened: 'Someone signed in to your back-office account with one of your recovery codes.',
    after: 'Every other browser signed in to your account has been signed out. That code no longer works.',
  },
  second_factor_reset: {
    subject: 'Your authenticator app was reset by an administrator',
    happened:
      'An administrator removed the authenticator app and recovery codes from your back-office account.',
    after:
      'You have been signed out everywhere. Next time you sign in with your password, you will set up an authenticator app again.',
    notYou:
      'If you did not ask for this, tell an administrator at once and reset your password from the sign-in page before you sign in.',
  },
  recovery_codes_withdrawn: {
    subject: 'Your old recovery codes no longer work',
    happened:
      'Your back-office account still had recovery codes of an old, shorter kind. For safety they have been withdrawn and no longer work.',
    after:
      'To get 10 new recovery codes, sign in and set up your authenticator app again from your account page. Until you do, if you lose your authenticator app an administrator must reset it for you.',
    notYou: 'Nobody signed in to your account, and nothing else about it changed.',
  },
};

export function accountSecurityEmail(input: {
  name: string;
  event: AccountSecurityEvent;
  signInUrl: string;
}) {
  const w = WHAT[input.event];
  const subject = `${w.subject} (${SITE_NAME})`;
  const notYou =
    w.notYou ??
    'If this was not you, reset your password from the sign-in page at once and tell an administrator.';
  const rendered = renderEmail({
    subject,
    preheader: w.happened,
    body: html`${[
      heading(w.subject),
      paragraph(`Dear ${input.name},`),
      paragraph(w.happened),
      paragraph(w.after),
      paragraph(notYou),
      paragraph(html`Sign in: ${link('the back office', input.signInUrl)}`),
    ]}`,
    text: [
      w.subject,
      `Dear ${input.name},`,
      w.happened,
      w.after,
      notYou,
      `Sign in: ${checkedUrl(input.signInUrl)}`,
    ].join('\n\n'),
    reason: `You are getting this email because the sign-in of your ${SITE_NAME} staff account changed.`,
  });
  return { kind: ACCOUNT_SECURITY_KIND, ...rendered };
}
