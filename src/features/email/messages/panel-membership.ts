// The emails staff decisions on panel membership send: the decision on an application (approved,
// on the waiting list, declined with the reason), the reminder that a term ends soon, and the notice
// that a member was removed. For an applicant under 16 the same message goes to their parent or
// guardian too, addressed to them (decision 0140). No secrets: every link is a public page.
import { formatDate } from '../../../lib/format.ts';
import { SITE_NAME } from '../../../lib/site.ts';
import { button, heading, html, paragraph, renderEmail } from './layout.ts';

export const PANEL_DECISION_KIND = 'panel-decision';
export const PANEL_TERM_REMINDER_KIND = 'panel-term-reminder';
export const PANEL_REMOVAL_KIND = 'panel-removal';

export interface PanelMailTo {
  /** The applicant's first name, or their guardian's name when the copy is the guardian's. */
  greeting: string;
  /** The copy for a parent or guardian: it speaks of "your child" (the applicant's first name). */
  forGuardianOf?: string;
}

interface Para {
  html: ReturnType<typeof html>;
  text: string;
}

const para = (text: string): Para => ({ html: paragraph(text), text });

function render(
  kind: string,
  subject: string,
  title: string,
  to: PanelMailTo,
  paragraphs: Para[],
  action: { text: string; url: string } | null,
) {
  const opening = para(`Dear ${to.greeting},`);
  const all = [opening, ...paragraphs];
  const rendered = renderEmail({
    subject,
    body: html`${[heading(title), ...all.map((p) => p.html), action ? button(action.text, action.url) : '']}`,
    text: [title, ...all.map((p) => p.text), ...(action ? [`${action.text}: ${action.url}`] : [])].join(
      '\n\n',
    ),
    reason: to.forGuardianOf
      ? `You are getting this email because you agreed that ${to.forGuardianOf} could apply to join a panel on the ${SITE_NAME} website.`
      : `You are getting this email because you applied to join a panel on the ${SITE_NAME} website.`,
  });
  return { kind, ...rendered, headers: {} };
}

const who = (to: PanelMailTo) => (to.forGuardianOf ? `${to.forGuardianOf}’s` : 'your');
const whoIs = (to: PanelMailTo) => (to.forGuardianOf ? `${to.forGuardianOf} is` : 'you are');

export interface PanelDecisionInput {
  decision: 'approved' | 'waitlisted' | 'declined';
  panelName: string;
  reason: string | null;
  term: { startsOn: string; endsOn: string } | null;
  panelUrl: string;
}

export function panelDecisionEmail(to: PanelMailTo, input: PanelDecisionInput) {
  const paragraphs: Para[] = [];
  let title: string;
  if (input.decision === 'approved') {
    title = `Welcome to the ${input.panelName}`;
    paragraphs.push(
      para(`We have approved ${who(to)} application: ${whoIs(to)} now a member of the ${input.panelName}.`),
    );
    if (input.term)
      paragraphs.push(
        para(`The term runs from ${formatDate(input.term.startsOn)} to ${formatDate(input.term.endsOn)}.`),
      );
    paragraphs.push(para('We will email you the dates of meetings as they are arranged.'));
  } else if (input.decision === 'waitlisted') {
    title = 'You are on the waiting list';
    paragraphs.push(
      para(
        `Thank you for applying to the ${input.panelName}. The panel has no place free at the moment, so we have put ${who(to)} application on the waiting list. We will write again when a place comes up.`,
      ),
    );
  } else {
    title = 'About your application';
    paragraphs.push(
      para(
        `Thank you for applying to the ${input.panelName}. We are sorry: we cannot offer a place this time.`,
      ),
    );
  }
  if (input.reason) paragraphs.push(para(`Why: ${input.reason}`));
  return render(PANEL_DECISION_KIND, `Your application to the ${input.panelName}`, title, to, paragraphs, {
    text: `About the ${input.panelName}`,
    url: input.panelUrl,
  });
}

export function panelTermReminderEmail(
  to: PanelMailTo,
  input: { panelName: string; endsOn: string; joinUrl: string },
) {
  return render(
    PANEL_TERM_REMINDER_KIND,
    `Your term on the ${input.panelName} ends on ${formatDate(input.endsOn)}`,
    'Your term ends soon',
    to,
    [
      para(
        `${to.forGuardianOf ? `${to.forGuardianOf}’s` : 'Your'} term on the ${input.panelName} ends on ${formatDate(input.endsOn)}.`,
      ),
      para('Thank you for the time you have given. If you would like to stay on, apply again before then.'),
    ],
    { text: 'Apply again', url: input.joinUrl },
  );
}

export function panelRemovalEmail(
  to: PanelMailTo,
  input: { panelName: string; reason: string; panelUrl: string },
) {
  return render(
    PANEL_REMOVAL_KIND,
    `Your membership of the ${input.panelName}`,
    'Your membership has ended',
    to,
    [
      para(
        `${to.forGuardianOf ? `${to.forGuardianOf}’s` : 'Your'} membership of the ${input.panelName} has ended.`,
      ),
      para(`Why: ${input.reason}`),
      para('If you think this is a mistake, reply to the team that runs the panel or call 101.'),
    ],
    { text: `About the ${input.panelName}`, url: input.panelUrl },
  );
}
