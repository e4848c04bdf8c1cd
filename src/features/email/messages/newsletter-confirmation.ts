// Sent when someone asks for the newsletter: a link to confirm (double opt-in). Nobody is subscribed
// yet, so it needs no unsubscribe link (ignoring it is enough); given one, it carries the RFC 8058
// headers like every subscription message.
import { SITE_NAME } from '../../../lib/site.ts';
import { button, checkedUrl, heading, html, paragraph, renderEmail, unsubscribeHeaders } from './layout.ts';

export interface NewsletterConfirmationInput {
  /** The confirmation link; carries a secret token, so it is never logged. */
  confirmUrl: string;
  /** One-click unsubscribe (POST) and the page behind it (GET), if any. */
  unsubscribeUrl?: string;
  /** The ward the reader chose, if any: named in the message. */
  wardName?: string;
  /** How long the link works, for the message ("7 days"). */
  expiresIn: string;
}

export const NEWSLETTER_CONFIRMATION_KIND = 'newsletter-confirmation';

/** Subject, HTML, text and headers: pass with `to` (and a dedupe key) to enqueueEmail. */
export function newsletterConfirmationEmail(input: NewsletterConfirmationInput) {
  const subject = `Confirm your subscription to the ${SITE_NAME} newsletter`;
  const what = input.wardName ? `the newsletter for ${input.wardName}` : 'the newsletter';
  const rendered = renderEmail({
    subject,
    preheader: 'One click to start getting community-safety news for your area.',
    body: html`${[
      heading('Confirm your subscription'),
      paragraph(`Someone asked for ${what} from ${SITE_NAME} to be sent to this email address.`),
      paragraph('If it was you, confirm your subscription:'),
      button('Confirm my subscription', input.confirmUrl),
      paragraph(`The link works for ${input.expiresIn}.`),
      paragraph('If you did not ask for this, you do not need to do anything: we will not email you again.'),
    ]}`,
    text: [
      'Confirm your subscription',
      `Someone asked for ${what} from ${SITE_NAME} to be sent to this email address.`,
      `If it was you, confirm your subscription by opening this link:\n${checkedUrl(input.confirmUrl)}`,
      `The link works for ${input.expiresIn}.`,
      'If you did not ask for this, you do not need to do anything: we will not email you again.',
    ].join('\n\n'),
    reason: `You are getting this email because this address was entered on the ${SITE_NAME} website.`,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
  });
  return {
    kind: NEWSLETTER_CONFIRMATION_KIND,
    ...rendered,
    headers: input.unsubscribeUrl ? unsubscribeHeaders(input.unsubscribeUrl) : {},
  };
}
