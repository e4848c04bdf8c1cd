// Sent when someone asks to subscribe with an address that is already subscribed. The page they saw
// was the same as for a new address (it reveals nothing); this message, to the address itself, says
// so and links to the reader's preferences.
import { SITE_NAME } from '../../../lib/site.ts';
import { button, checkedUrl, heading, html, paragraph, renderEmail, unsubscribeHeaders } from './layout.ts';

export interface AlreadySubscribedInput {
  /** Carries a secret: never logged. */
  preferencesUrl: string;
  unsubscribeUrl: string;
}

export const NEWSLETTER_ALREADY_SUBSCRIBED_KIND = 'newsletter-already-subscribed';

export function newsletterAlreadySubscribedEmail(input: AlreadySubscribedInput) {
  const subject = `You already get the ${SITE_NAME} newsletter`;
  const rendered = renderEmail({
    subject,
    body: html`${[
      heading('You are already subscribed'),
      paragraph(
        `Someone asked for the ${SITE_NAME} newsletter to be sent to this email address. It already is.`,
      ),
      paragraph('To change which areas you hear about, or to stop getting it, open your preferences:'),
      button('Change my preferences', input.preferencesUrl),
      paragraph('If you did not ask, you do not need to do anything.'),
    ]}`,
    text: [
      'You are already subscribed',
      `Someone asked for the ${SITE_NAME} newsletter to be sent to this email address. It already is.`,
      `To change which areas you hear about, or to stop getting it, open your preferences:\n${checkedUrl(input.preferencesUrl)}`,
      'If you did not ask, you do not need to do anything.',
    ].join('\n\n'),
    reason: `You are getting this email because this address was entered on the ${SITE_NAME} website.`,
    unsubscribeUrl: input.unsubscribeUrl,
  });
  return {
    kind: NEWSLETTER_ALREADY_SUBSCRIBED_KIND,
    ...rendered,
    headers: unsubscribeHeaders(input.unsubscribeUrl),
  };
}
