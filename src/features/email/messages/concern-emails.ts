// The messages a resident who gave an email address gets about their concern: the confirmation when
// it is sent, and one for each public change. The tracking link carries the private code: the body is
// queued with secretPlaceholder() and the worker fills it in (the outbox never holds the code).
import { SITE_NAME } from '../../../lib/site.ts';
import { button, heading, html, paragraph, renderEmail } from './layout.ts';

export const CONCERN_RECEIVED_KIND = 'concern-received';
export const CONCERN_UPDATE_KIND = 'concern-update';

const REASON = `You are getting this email because you reported anti-social behaviour to ${SITE_NAME} and gave this address.`;
const EMERGENCY = 'If someone is in danger or a crime is happening now, call 999.';

export function concernReceivedEmail(input: { reference: string; trackUrl: string }) {
  const subject = `We have your report ${input.reference}`;
  const rendered = renderEmail({
    subject,
    preheader: `Your reference is ${input.reference}. Follow what happens with the link in this email.`,
    body: html`${[
      heading('We have your report'),
      paragraph(`Your reference is ${input.reference}.`),
      paragraph('Someone will look at it within 3 working days. We will email you when anything changes.'),
      button('Follow your report', input.trackUrl),
      paragraph('Keep this email: the link lets you see what happens to your report. Do not share it.'),
      paragraph(EMERGENCY),
    ]}`,
    text: [
      'We have your report',
      `Your reference is ${input.reference}.`,
      'Someone will look at it within 3 working days. We will email you when anything changes.',
      `Follow your report:\n${input.trackUrl}`,
      'Keep this email: the link lets you see what happens to your report. Do not share it.',
      EMERGENCY,
    ].join('\n\n'),
    reason: REASON,
  });
  return { kind: CONCERN_RECEIVED_KIND, ...rendered };
}

export function concernUpdateEmail(input: {
  reference: string;
  statusLabel: string;
  note: string | null;
  trackUrl: string;
}) {
  const subject = `Your report ${input.reference}: ${input.statusLabel.toLowerCase()}`;
  const rendered = renderEmail({
    subject,
    preheader: `Your report ${input.reference} is now: ${input.statusLabel}.`,
    body: html`${[
      heading('Your report has been updated'),
      paragraph(`Your report ${input.reference} is now: ${input.statusLabel}.`),
      input.note ? paragraph(input.note) : '',
      button('See your report', input.trackUrl),
      paragraph(EMERGENCY),
    ]}`,
    text: [
      'Your report has been updated',
      `Your report ${input.reference} is now: ${input.statusLabel}.`,
      ...(input.note ? [input.note] : []),
      `See your report:\n${input.trackUrl}`,
      EMERGENCY,
    ].join('\n\n'),
    reason: REASON,
  });
  return { kind: CONCERN_UPDATE_KIND, ...rendered };
}
