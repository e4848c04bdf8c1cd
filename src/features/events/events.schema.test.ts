// The staff forms' input as Astro hands it over (an empty field is null): the place, the London
// times, the venue-or-online rule, the venue's address and access information, https links only.
import { describe, expect, it } from 'vitest';
import { instantToLondonLocal } from '../../lib/format.ts';
import { EventCancelSchema, EventCreateSchema, EventEditSchema, EventMoveSchema } from './events.schema.ts';

const inDays = (days: number, hhmm: string) =>
  `${instantToLondonLocal(new Date(Date.now() + days * 86_400_000)).slice(0, 10)}T${hhmm}`;

const form = (overrides: Record<string, string | null> = {}) => ({
  place: 'ward:highgate',
  kind: 'panel_meeting',
  title: 'Highgate Ward Panel meeting',
  description: 'The panel meets.',
  startsAt: inDays(30, '18:30'),
  endsAt: inDays(30, '20:00'),
  venueName: 'Highgate Library',
  venueAddress: 'Chester Road, London N19 5DH',
  accessInfo: 'Step-free; hearing loop.',
  onlineUrl: null,
  ...overrides,
});

const errors = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('EventCreateSchema', () => {
  it('takes a venue with its address and access, the empty online link as null', () => {
    const r = EventCreateSchema.safeParse(form());
    expect(r.success).toBe(true);
    expect(r.data?.place).toEqual({ kind: 'ward', slug: 'highgate' });
    expect(r.data?.event.onlineUrl).toBeNull();
    expect(instantToLondonLocal(r.data?.event.startsAt as Date)).toBe(inDays(30, '18:30'));
  });
  it('takes an online-only event (nulls for the venue)', () => {
    const r = EventCreateSchema.safeParse(
      form({
        venueName: null,
        venueAddress: null,
        accessInfo: null,
        onlineUrl: 'https://meet.example.org/x',
      }),
    );
    expect(r.success).toBe(true);
    expect(r.data?.event.venueName).toBeNull();
  });
  it('asks for a venue or a link, and for a venue’s address and access information', () => {
    expect(
      errors(EventCreateSchema.safeParse(form({ venueName: null, venueAddress: null, accessInfo: null }))),
    ).toEqual({
      venueName: 'Enter the venue, or an online link, or both',
    });
    const r = errors(EventCreateSchema.safeParse(form({ venueAddress: null, accessInfo: null })));
    expect(r.venueAddress).toBe('Enter the venue’s address');
    expect(r.accessInfo).toMatch(/^Enter the venue’s access information/);
  });
  it('refuses a link that is not https, an end before the start, a start in the past, a long event', () => {
    expect(
      errors(EventCreateSchema.safeParse(form({ onlineUrl: 'http://meet.example.org/x' }))).onlineUrl,
    ).toMatch(/https/);
    expect(errors(EventCreateSchema.safeParse(form({ endsAt: inDays(30, '18:00') }))).endsAt).toBe(
      'It must end after it starts',
    );
    expect(
      errors(
        EventCreateSchema.safeParse(form({ startsAt: inDays(-1, '18:30'), endsAt: inDays(-1, '20:00') })),
      ).startsAt,
    ).toBe('It must start in the future');
    expect(errors(EventCreateSchema.safeParse(form({ endsAt: inDays(31, '18:30') }))).endsAt).toMatch(
      /at most 12/,
    );
  });
  it('names what is missing when the fields are empty', () => {
    const r = errors(
      EventCreateSchema.safeParse(
        form({ place: null, kind: null, title: null, description: null, startsAt: null }),
      ),
    );
    expect(r.place).toBe('Choose the ward or borough the event is for');
    expect(r.kind).toMatch(/^Choose whether/);
    expect(r.title).toBe('Enter a title');
    expect(r.startsAt).toBe('Enter when it starts');
  });
  it('keeps a title and a venue’s name on one line (a line break in a calendar’s name added events: security review 3)', () => {
    const r = errors(
      EventCreateSchema.safeParse(form({ title: 'Ward Panel\nBEGIN:VEVENT', venueName: 'Library\u0085' })),
    );
    expect(r.title).toBe('The title must be on one line');
    expect(r.venueName).toBe('The venue must be on one line');
    // A line break the browser sends at the end is trimmed, not refused.
    expect(EventCreateSchema.safeParse(form({ title: 'Ward Panel\r\n' })).success).toBe(true);
  });
  it('refuses a place that is not a ward or a borough', () => {
    expect(errors(EventCreateSchema.safeParse(form({ place: 'city:london' }))).place).toBeDefined();
  });
});

describe('the other forms', () => {
  it('an edit carries no times; a move needs a note; a cancellation its confirmation', () => {
    const { place: _p, startsAt: _s, endsAt: _e, ...details } = form();
    expect(EventEditSchema.safeParse({ ...details, id: '4' }).success).toBe(true);
    expect(
      errors(
        EventMoveSchema.safeParse({
          id: '4',
          startsAt: inDays(40, '18:30'),
          endsAt: inDays(40, '20:00'),
          note: null,
        }),
      ).note,
    ).toBe('Enter a note saying why it has moved');
    expect(errors(EventCancelSchema.safeParse({ id: '4', note: 'Closed.' })).confirm).toBe(
      'Confirm that the event is cancelled',
    );
    expect(EventCancelSchema.safeParse({ id: '4', note: 'Closed.', confirm: 'yes' }).success).toBe(true);
  });
});

describe('times that do not parse', () => {
  // Zod runs the object's time rules with the failed field's raw string: they must refuse, not throw
  // (a 20,000-character start time was a 500 until the browser suite's hostile input found it).
  it('are refused with a message, never a thrown error', () => {
    for (const bad of ['x'.repeat(20_000), '', '2030-13-45T99:99', '<b>']) {
      const move = { id: '5', startsAt: '2030-01-15T18:00', endsAt: '2030-01-15T20:00', note: 'n' };
      expect(EventMoveSchema.safeParse({ ...move, startsAt: bad }).success).toBe(false);
      expect(EventMoveSchema.safeParse({ ...move, endsAt: bad }).success).toBe(false);
      const create = {
        place: 'ward:bloomsbury',
        kind: 'community_event',
        title: 't',
        description: 'd',
        venueName: 'v',
        venueAddress: 'a',
        accessInfo: 'x',
        onlineUrl: '',
      };
      expect(EventCreateSchema.safeParse({ ...create, startsAt: bad, endsAt: bad }).success).toBe(false);
    }
  });
});
