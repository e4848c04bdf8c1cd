// Sent to each current member of a ward's panel when a meeting of it is added, moved or cancelled:
// what changed, when and where, with links to the meeting's page and its calendar file (.ics), so
// the member's calendar can follow it. Queued by the events feature in the change's transaction.
import { SITE_NAME } from '../../../lib/site.ts';
import { button, heading, html, link, paragraph, renderEmail } from './layout.ts';

export type EventChange = 'added' | 'moved' | 'cancelled';

export interface EventNoticeInput {
  change: EventChange;
  wardName: string;
  title: string;
  /** "Tuesday 13 January 2027, 6:30pm to 8pm". */
  when: string;
  /** For a move: when it was to be. */
  previously?: string;
  /** Venue and address, and/or "Online". */
  where: string;
  accessInfo: string | null;
  /** The note staff gave for a move or a cancellation. */
  note: string | null;
  eventUrl: string;
  icsUrl: string;
}

export const EVENT_NOTICE_KIND = 'event-notice';

const SUBJECT: Record<EventChange, (i: EventNoticeInput) => string> = {
  added: (i) => `New ${i.wardName} Ward Panel meeting: ${i.when}`,
  moved: (i) => `${i.wardName} Ward Panel meeting moved to ${i.when}`,
  cancelled: (i) => `${i.wardName} Ward Panel meeting cancelled: ${i.when}`,
};

const LEAD: Record<EventChange, (i: EventNoticeInput) => string> = {
  added: (i) => `A meeting of the ${i.wardName} Ward Panel has been arranged.`,
  moved: (i) =>
    `The ${i.wardName} Ward Panel meeting has moved. It was to be on ${i.previously ?? 'another date'}.`,
  cancelled: (i) => `The ${i.wardName} Ward Panel meeting on ${i.when} is cancelled.`,
};

export function eventNoticeEmail(input: EventNoticeInput) {
  const subject = SUBJECT[input.change](input);
  const lines: [string, string][] = [
    ['What', input.title],
    ['When', input.when],
    ['Where', input.where],
    ...(input.accessInfo ? ([['Access', input.accessInfo]] as [string, string][]) : []),
    ...(input.note ? ([['Note', input.note]] as [string, string][]) : []),
  ];
  const calendarLine =
    input.change === 'cancelled'
      ? 'Open the calendar file to take it out of your calendar:'
      : 'Add it to your calendar (the file updates the entry if you added it before):';
  const rendered = renderEmail({
    subject,
    preheader: LEAD[input.change](input),
    body: html`${[
      heading(subject),
      paragraph(LEAD[input.change](input)),
      ...lines.map(([k, v]) => paragraph(`${k}: ${v}`)),
      paragraph(calendarLine),
      paragraph(link('Calendar file (.ics)', input.icsUrl)),
      button('See the meeting', input.eventUrl),
    ]}`,
    text: [
      subject,
      LEAD[input.change](input),
      lines.map(([k, v]) => `${k}: ${v}`).join('\n'),
      `${calendarLine} ${input.icsUrl}`,
      `See the meeting: ${input.eventUrl}`,
    ].join('\n\n'),
    reason: `You are getting this email because you are a member of the ${input.wardName} Ward Panel on the ${SITE_NAME} website.`,
  });
  return { kind: EVENT_NOTICE_KIND, ...rendered, headers: {} };
}
