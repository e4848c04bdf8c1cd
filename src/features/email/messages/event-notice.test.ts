// The panel meeting notice: its subject and text for each change, the calendar file linked, and the
// note and previous time where they apply.
import { describe, expect, it } from 'vitest';
import { EVENT_NOTICE_KIND, type EventNoticeInput, eventNoticeEmail } from './event-notice.ts';

const input = (change: EventNoticeInput['change']): EventNoticeInput => ({
  change,
  wardName: 'Highgate',
  title: 'Highgate Ward Panel meeting',
  when: 'Tuesday 13 January 2027, 6:30pm to 8pm',
  ...(change === 'moved' ? { previously: 'Tuesday 6 January 2027, 6:30pm to 8pm' } : {}),
  where: 'Highgate Library, Chester Road, London N19 5DH',
  accessInfo: 'Step-free; hearing loop.',
  note: change === 'added' ? null : 'The library is closed that evening.',
  eventUrl: 'https://portal.example.org/events/abc',
  icsUrl: 'https://portal.example.org/api/events/abc.ics',
});

describe('eventNoticeEmail', () => {
  it('announces a new meeting with its calendar file', () => {
    const m = eventNoticeEmail(input('added'));
    expect(m.kind).toBe(EVENT_NOTICE_KIND);
    expect(m.subject).toBe('New Highgate Ward Panel meeting: Tuesday 13 January 2027, 6:30pm to 8pm');
    expect(m.text).toContain('Where: Highgate Library, Chester Road, London N19 5DH');
    expect(m.text).toContain('Access: Step-free; hearing loop.');
    expect(m.text).toContain('https://portal.example.org/api/events/abc.ics');
    expect(m.html).toContain('href="https://portal.example.org/api/events/abc.ics"');
    expect(m.text).not.toContain('Note:');
  });
  it('says when a moved meeting was to be, and why it moved', () => {
    const m = eventNoticeEmail(input('moved'));
    expect(m.subject).toBe('Highgate Ward Panel meeting moved to Tuesday 13 January 2027, 6:30pm to 8pm');
    expect(m.text).toContain('It was to be on Tuesday 6 January 2027, 6:30pm to 8pm.');
    expect(m.text).toContain('Note: The library is closed that evening.');
  });
  it('tells members a cancelled meeting is off, and how to take it out of their calendar', () => {
    const m = eventNoticeEmail(input('cancelled'));
    expect(m.subject).toBe('Highgate Ward Panel meeting cancelled: Tuesday 13 January 2027, 6:30pm to 8pm');
    expect(m.text).toContain('Open the calendar file to take it out of your calendar');
  });
});
