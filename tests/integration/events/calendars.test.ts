// Calendar files from the database's rows (PGlite, or PostgreSQL with TEST_DATABASE_URL), parsed
// back with node-ical: a Europe/London VTIMEZONE, DTSTART/DTEND as London wall-clock time with the
// zone, 18:30 kept at 18:30 in BST and in GMT and across the last Sundays of October and March
// (whatever the server's own zone), the UID stable through a move and a cancellation, SEQUENCE from
// the row, STATUS:CANCELLED, LOCATION and URL; a ward's feed has its events and its borough's.
import { randomUUID } from 'node:crypto';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { cancelEvent, createEvent, moveEvent } from '../../../src/features/events/events.server.ts';
import type { CommunityEvent, EventInput } from '../../../src/features/events/events.ts';
import { getEventByUid, listFeedEvents } from '../../../src/features/events/events-read.server.ts';
import { icsUid, renderCalendar } from '../../../src/features/events/ics.ts';
import { getWard } from '../../../src/features/places/places.server.ts';
import { londonLocalToInstant } from '../../../src/lib/format.ts';
import { actorOf, seededTest as it } from '../../helpers/fixtures.ts';

const mail = { baseUrl: 'https://portal.example.org' };
const at = (local: string) => londonLocalToInstant(local) as Date;

/** The event with this uid, which the test has just added. */
async function stored(db: Db, uid: string): Promise<CommunityEvent> {
  const e = await getEventByUid(db, uid);
  if (!e) throw new Error(`No event ${uid}`);
  return e;
}

const input = (start: string, end: string, overrides: Partial<EventInput> = {}): EventInput => ({
  kind: 'panel_meeting',
  title: `Meeting ${randomUUID().slice(0, 8)}`,
  description: 'The panel meets.',
  startsAt: at(start),
  endsAt: at(end),
  venueName: 'Highgate Library',
  venueAddress: 'Chester Road, London N19 5DH',
  accessInfo: 'Step-free; hearing loop.',
  onlineUrl: null,
  ...overrides,
});

/** The VEVENTs of a calendar file by UID, and the file's raw lines. */
function parse(text: string): { events: Map<string, VEvent>; lines: string[] } {
  const parsed = ical.sync.parseICS(text);
  const events = new Map<string, VEvent>();
  for (const c of Object.values(parsed)) if (c && c.type === 'VEVENT') events.set(c.uid, c as VEvent);
  // Unfolded (a long line continues on the next after a CRLF and a space).
  return { events, lines: text.replace(/\r\n[ \t]/g, '').split(/\r\n/) };
}

/** The DTSTART line of the event with this UID. */
function dtstart(lines: string[], uid: string): string | undefined {
  const i = lines.indexOf(`UID:${uid}`);
  return lines.slice(i).find((l) => l.startsWith('DTSTART'));
}

// The process's own zone must not matter: run these as a server in New York would.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('calendar files', () => {
  it('keeps 6:30pm London time in summer, in winter and either side of both clock changes', async ({
    db,
    liaisonOfficer,
  }) => {
    const actor = actorOf(liaisonOfficer);
    // BST and GMT; then the Tuesdays either side of Sunday 31 October 2027 and Sunday 26 March 2028.
    const dates = ['2027-07-13', '2027-01-12', '2027-10-26', '2027-11-02', '2028-03-21', '2028-03-28'];
    const uids: string[] = [];
    for (const d of dates) {
      const { uid } = await createEvent(
        db,
        { kind: 'ward', slug: 'highgate' },
        input(`${d}T18:30`, `${d}T20:00`),
        actor,
        'all',
        mail,
      );
      uids.push(uid);
    }
    const events = await Promise.all(uids.map((u) => stored(db, u)));
    const text = renderCalendar(events, {
      baseUrl: mail.baseUrl,
      name: 'Highgate ward: meetings and events',
    });
    const { events: parsed, lines } = parse(text);
    // One VTIMEZONE for Europe/London with both rules.
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines).toContain('TZID:Europe/London');
    expect(lines).toContain('TZOFFSETTO:+0100');
    expect(lines).toContain('TZOFFSETTO:+0000');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    for (const [i, d] of dates.entries()) {
      const uid = icsUid(uids[i] as string);
      expect(dtstart(lines, uid)).toBe(`DTSTART;TZID=Europe/London:${d.replaceAll('-', '')}T183000`);
      const e = parsed.get(uid);
      // The parser turns the zoned local time back into the instant stored.
      expect(e?.start.toISOString()).toBe(at(`${d}T18:30`).toISOString());
      expect(e?.end?.toISOString()).toBe(at(`${d}T20:00`).toISOString());
      expect(e?.start.tz).toBe('Europe/London');
    }
    // Summer 18:30 is 17:30 UTC; winter 18:30 is 18:30 UTC.
    expect(parsed.get(icsUid(uids[0] as string))?.start.toISOString()).toBe('2027-07-13T17:30:00.000Z');
    expect(parsed.get(icsUid(uids[1] as string))?.start.toISOString()).toBe('2027-01-12T18:30:00.000Z');
    // DTSTAMP is UTC.
    expect(lines.filter((l) => l.startsWith('DTSTAMP:')).every((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(
      true,
    );
  });

  it('follows a moved and a cancelled event by the same UID, with SEQUENCE and STATUS', async ({
    db,
    liaisonOfficer,
  }) => {
    const actor = actorOf(liaisonOfficer);
    const { id, uid } = await createEvent(
      db,
      { kind: 'ward', slug: 'highgate' },
      input('2030-02-05T18:30', '2030-02-05T20:00', { onlineUrl: 'https://meet.example.org/highgate' }),
      actor,
      'all',
      mail,
    );
    const single = async () => {
      const e = await stored(db, uid);
      const text = renderCalendar([e], { baseUrl: mail.baseUrl, name: e.title, single: true });
      return { ...parse(text), text };
    };
    let file = await single();
    let e = file.events.get(icsUid(uid));
    expect(file.lines).toContain('METHOD:PUBLISH');
    expect(Number(e?.sequence)).toBe(0);
    expect(e?.status).toBe('CONFIRMED');
    expect(e?.location).toBe('Highgate Library, Chester Road, London N19 5DH (or online)');
    expect(file.lines).toContain(`URL;VALUE=URI:https://portal.example.org/events/${uid}`);
    expect(String(e?.description)).toContain('Join online: https://meet.example.org/highgate');

    await moveEvent(
      db,
      id,
      { ...input('2030-02-12T18:30', '2030-02-12T20:00'), note: 'Room closed.' },
      actor,
      'all',
      mail,
    );
    file = await single();
    e = file.events.get(icsUid(uid));
    expect(Number(e?.sequence)).toBe(1);
    expect(e?.start.toISOString()).toBe(at('2030-02-12T18:30').toISOString());
    expect(String(e?.description)).toContain('Moved: Room closed.');

    await cancelEvent(db, id, 'Too few could come.', actor, 'all', mail);
    file = await single();
    e = file.events.get(icsUid(uid));
    expect(Number(e?.sequence)).toBe(2);
    expect(e?.status).toBe('CANCELLED');
    expect(file.lines).toContain('STATUS:CANCELLED');
  });

  it('a ward’s feed has its events and its borough’s, not another ward’s or borough’s', async ({
    db,
    liaisonOfficer,
  }) => {
    const actor = actorOf(liaisonOfficer);
    const mk = (slug: string, kind: 'ward' | 'borough') =>
      createEvent(
        db,
        { kind, slug },
        input('2031-05-06T18:30', '2031-05-06T20:00', { kind: 'community_event' }),
        actor,
        'all',
        mail,
      );
    const own = await mk('gospel-oak', 'ward');
    const camden = await mk('camden', 'borough');
    const other = await mk('highgate', 'ward');
    const islington = await mk('islington', 'borough');
    const ward = await getWard(db, 'gospel-oak');
    if (!ward) throw new Error('No Gospel Oak');
    const uids = new Set((await listFeedEvents(db, { ward })).map((e) => e.uid));
    expect(uids.has(own.uid)).toBe(true);
    expect(uids.has(camden.uid)).toBe(true);
    expect(uids.has(other.uid)).toBe(false);
    expect(uids.has(islington.uid)).toBe(false);
    const all = new Set((await listFeedEvents(db)).map((e) => e.uid));
    for (const e of [own, camden, other, islington]) expect(all.has(e.uid)).toBe(true);
  });

  it('names a calendar after an event as one escaped line: a title cannot add an event (security review 3)', async ({
    db,
    liaisonOfficer,
  }) => {
    const { uid } = await createEvent(
      db,
      { kind: 'ward', slug: 'highgate' },
      input('2030-03-05T18:30', '2030-03-05T20:00'),
      actorOf(liaisonOfficer),
      'all',
      mail,
    );
    // As if stored before the form refused line breaks in a title.
    const title = 'Panel, Highgate; room\\2\nBEGIN:VEVENT\nUID:x\nSUMMARY:Call 020 7946 0000\nEND:VEVENT';
    const e = { ...(await stored(db, uid)), title };
    const { events, lines } = parse(
      renderCalendar([e], { baseUrl: mail.baseUrl, name: e.title, single: true }),
    );
    expect([...events.keys()]).toEqual([icsUid(uid)]);
    expect(lines.filter((l) => l.startsWith('BEGIN:VEVENT'))).toHaveLength(1);
    const escaped =
      'Panel\\, Highgate\\; room\\\\2\\nBEGIN:VEVENT\\nUID:x\\nSUMMARY:Call 020 7946 0000\\nEND:VEVENT';
    expect(lines).toContain(`NAME:${escaped}`);
    expect(lines).toContain(`X-WR-CALNAME:${escaped}`);
  });
});
