// Inserts the demonstration meetings and events (db/seed-data/events.ts) dated relative to the day
// the seed runs, London time; fixed uids keep it idempotent (what exists is left as it is).
import { TZDate } from '@date-fns/tz';
import type { Tx } from './client.ts';
import { communityEvents } from './schema/index.ts';
import { EVENT_SEEDS, seedEventUid } from './seed-data/events.ts';

const ZONE = 'Europe/London';

/** Easter Sunday's month (0-based) and day in `year` (the Gregorian computus). */
function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((8 * b + 13) / 25) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return [month - 1, ((h + l - 7 * m + 114) % 31) + 1];
}

/**
 * A day nobody would hold a panel meeting or a surgery: 24 December to 1 January (the councils'
 * offices are closed), New Year's Day's substitute, and England's other bank holidays (Good Friday,
 * Easter Monday, the May and August Mondays).
 */
export function isHoliday(d: TZDate): boolean {
  const [month, date, weekday] = [d.getMonth(), d.getDate(), d.getDay()];
  if ((month === 11 && date >= 24) || (month === 0 && date === 1)) return true;
  if (month === 0 && weekday === 1 && (date === 2 || date === 3)) return true; // 1 January at a weekend
  const [em, ed] = easter(d.getFullYear());
  const easterDay = new Date(Date.UTC(d.getFullYear(), em, ed));
  const today = new Date(Date.UTC(d.getFullYear(), month, date));
  const fromEaster = Math.round((today.getTime() - easterDay.getTime()) / 86_400_000);
  if (fromEaster === -2 || fromEaster === 1) return true;
  if (weekday !== 1) return false;
  const lastMonday = date + 7 > new Date(Date.UTC(d.getFullYear(), month + 1, 0)).getUTCDate();
  return (month === 4 && (date <= 7 || lastMonday)) || (month === 7 && lastMonday);
}

/**
 * The instant of `at` (London time) on the London day `day` days from `today`; an evening meeting
 * that would fall on a Friday, Saturday or Sunday moves to the Monday after, as panels meet on
 * weekday evenings; anything that would fall on a holiday (isHoliday) moves a week at a time (on if
 * upcoming, back if past), keeping its weekday.
 */
export function londonAt(today: TZDate, day: number, [h, m]: [number, number]): Date {
  const on = (d: number) =>
    new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + d, h, m, 0, ZONE);
  const weekday = on(day).getDay();
  const evening = h >= 17;
  let shift = evening && (weekday === 5 || weekday === 6 || weekday === 0) ? (8 - weekday) % 7 : 0;
  // Back for a past event, on for an upcoming one: either stays on its side of today.
  while (isHoliday(on(day + shift))) shift += day < 0 ? -7 : 7;
  return new Date(on(day + shift).getTime());
}

/** Inserts the demonstration events that are missing (by uid); returns the ids inserted. */
export async function seedEvents(
  tx: Tx,
  wardIds: ReadonlyMap<string, number>,
  boroughId: (slug: string) => number,
  now = new Date(),
): Promise<{ id: number }[]> {
  const today = new TZDate(now.getTime(), ZONE);
  const wardId = (slug: string): number => {
    const id = wardIds.get(slug);
    if (id === undefined) throw new Error(`Unknown ward ${slug}`);
    return id;
  };
  const rows = EVENT_SEEDS.map((e) => {
    const startsAt = londonAt(today, e.day, e.at);
    return {
      uid: seedEventUid(e.n),
      kind: e.kind,
      wardId: e.ward ? wardId(e.ward) : null,
      boroughId: e.kind === 'community_event' && e.borough ? boroughId(e.borough) : null,
      title: e.title,
      description: e.description,
      startsAt,
      endsAt: new Date(startsAt.getTime() + e.minutes * 60_000),
      venueName: e.venue?.venueName ?? null,
      venueAddress: e.venue?.venueAddress ?? null,
      accessInfo: e.venue?.accessInfo ?? null,
      onlineUrl: e.onlineUrl ?? null,
      status: e.cancelled ? 'cancelled' : e.moved ? 'moved' : 'scheduled',
      statusNote: e.cancelled ?? e.moved?.note ?? null,
      movedFrom: e.moved ? londonAt(today, e.moved.fromDay, e.at) : null,
      sequence: e.cancelled || e.moved ? 1 : 0,
    };
  });
  return tx
    .insert(communityEvents)
    .values(rows)
    .onConflictDoNothing({ target: communityEvents.uid })
    .returning({ id: communityEvents.id });
}
