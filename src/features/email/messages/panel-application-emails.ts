// The messages about an application to a Ward Panel or the Youth Advisory Forum, before staff look
// at it: the applicant's link to confirm their email address, an under-16's parent's or guardian's
// request to approve or decline, and the applicant's word when the guardian declined. Links carry
// one-time secrets: the body is queued with secretPlaceholder() and the worker fills it in (the
// outbox never holds a usable link).
import { SITE_NAME } from '../../../lib/site.ts';
import { button, heading, html, paragraph, renderEmail } from './layout.ts';

export const APPLICATION_CONFIRM_KIND = 'panel-application-confirm';
export const GUARDIAN_REQUEST_KIND = 'panel-guardian-request';
export const GUARDIAN_DECLINED_KIND = 'panel-guardian-declined';

const REASON = `You are getting this email because this address was given in an application on the ${SITE_NAME} website.`;

/** A message of paragraphs and at most one button, as HTML and as plain text. */
function message(
  kind: string,
  m: {
    subject: string;
    preheader: string;
    title: string;
    before: string[];
    cta?: [string, string];
    after: string[];
  },
) {
  const rendered = renderEmail({
    subject: m.subject,
    preheader: m.preheader,
    body: html`${[
      heading(m.title),
      ...m.before.map((p) => paragraph(p)),
      m.cta ? button(m.cta[0], m.cta[1]) : '',
      ...m.after.map((p) => paragraph(p)),
    ]}`,
    text: [m.title, ...m.before, ...(m.cta ? [`${m.cta[0]}:\n${m.cta[1]}`] : []), ...m.after].join('\n\n'),
    reason: REASON,
  });
  return { kind, ...rendered };
}

/** To the applicant: confirm the address, or the application is deleted after `expiresIn`. */
export function applicationConfirmEmail(input: { bodyName: string; confirmUrl: string; expiresIn: string }) {
  return message(APPLICATION_CONFIRM_KIND, {
    subject: `Confirm your application to ${input.bodyName}`,
    preheader: 'One click to confirm your email address, so we can look at your application.',
    title: 'Confirm your email address',
    before: [
      `Thank you for applying to join ${input.bodyName}.`,
      'Confirm your email address, and we will look at your application:',
    ],
    cta: ['Confirm my email address', input.confirmUrl],
    after: [
      `The link works for ${input.expiresIn}. If you do not confirm, we delete your application then.`,
      'If you did not apply, you do not need to do anything: we will delete it and not email you again.',
    ],
  });
}

/**
 * To an under-16's parent or guardian: what the Forum is and a link to approve or decline. Names the
 * young person by first name only, in case the address was mistyped.
 */
export function guardianRequestEmail(input: {
  applicantFirstName: string;
  guardianName: string;
  decideUrl: string;
  expiresIn: string;
}) {
  return message(GUARDIAN_REQUEST_KIND, {
    subject: `${input.applicantFirstName} has applied to join the Youth Advisory Forum`,
    preheader: 'They are under 16, so we need your agreement before their application can go ahead.',
    title: 'Do you agree to this application?',
    before: [
      `Dear ${input.guardianName},`,
      `${input.applicantFirstName} gave your name and email address as their parent or guardian when they applied to join the Youth Advisory Forum. They are under 16, so their application goes ahead only if you agree.`,
      'The Forum is a group of young people aged 14 to 25 in Camden and Islington who meet police officers from the Central North command to give their views on policing that affects young people. Meetings are in the evening or online, with police and council staff who have had safeguarding checks.',
      'Members’ names are never published. For members under 16, staff write only to the email address they gave, with you copied in, and never use social media or private messages.',
      'Tell us whether you agree:',
    ],
    cta: ['Approve or decline', input.decideUrl],
    after: [
      `The link works for ${input.expiresIn}. If we do not hear from you by then, we delete the application.`,
      'If you do not know who this is, you do not need to do anything: we will delete it.',
    ],
  });
}

/** To the applicant when their parent or guardian declined: the application is deleted. */
export function guardianDeclinedEmail() {
  return message(GUARDIAN_DECLINED_KIND, {
    subject: 'Your application to the Youth Advisory Forum',
    preheader: 'Your parent or guardian did not agree, so we have deleted your application.',
    title: 'Your application has been deleted',
    before: [
      'Your parent or guardian did not agree to your application to join the Youth Advisory Forum, so we have deleted it.',
      'You can apply again after you talk to them, or when you are 16.',
    ],
    after: [],
  });
}
