// Dates as people in London read them. Every date the portal shows goes through here: the
// formatters are built once (constructing an Intl formatter is far dearer than using one) and
// always in Europe/London, whatever the server's own time zone.

const ZONE = 'Europe/London';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: ZONE,
});

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: ZONE,
});

const offset = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'shortOffset' });

const day = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: ZONE,
});

const clock = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: ZONE,
});

/** "22 Nov 2026, 14:05", London time: staff's tables and logs. */
export function formatDateTime(at: Date): string {
  return dateTime.format(at);
}

/** "6:30pm", "8pm", "12pm" (noon), "12am" (midnight) in London time. */
export function formatClock(at: Date): string {
  const parts = clock.formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = parts.find((p) => p.type === 'minute')?.value ?? '00';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m === '00' ? '' : `:${m}`}${h < 12 ? 'am' : 'pm'}`;
}

/** "Tuesday 13 January 2027" in London time. */
export function formatDay(at: Date): string {
  return day.format(at).replace(',', '');
}

/** "Monday 28 December 2026, 6pm" in London time: a moment as residents read it, as events say theirs. */
export function formatMoment(at: Date): string {
  return `${formatDay(at)}, ${formatClock(at)}`;
}

/** "7 October 2024" from the calendar date "2024-10-07" (returned as given if it is not one). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  // Noon UTC is the same calendar day in London all year round.
  return longDate.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "7 October 2024": the day an instant falls on in London. */
export function formatLondonDate(at: Date): string {
  return longDate.format(at);
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const name = offset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The instant a London calendar day ("2026-07-01") begins: 2026-06-30T23:00Z in summer. */
export function startOfLondonDay(isoDate: string): Date {
  const [y = 1970, m = 1, d = 1] = isoDate.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Clocks change at 01:00 UTC, never at midnight, so the offset at midnight UTC is the day's.
  return new Date(utcMidnight - londonOffsetMinutes(new Date(utcMidnight)) * 60_000);
}

/**
 * The instant a London wall-clock time ("2026-12-01T09:30", as a datetime-local input sends it)
 * stands for. In the hour the clocks go back it is the first of the two; in the hour they go forward
 * (which does not exist) it is an hour later.
 */
export function londonLocalToInstant(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // The offset one hour either side brackets the answer: try the earlier reading first.
  for (const offsetAt of [asUtc - 2 * 3_600_000, asUtc + 2 * 3_600_000]) {
    const instant = asUtc - londonOffsetMinutes(new Date(offsetAt)) * 60_000;
    if (londonOffsetMinutes(new Date(instant)) === londonOffsetMinutes(new Date(offsetAt)))
      return new Date(instant);
  }
  return new Date(asUtc - londonOffsetMinutes(new Date(asUtc)) * 60_000);
}

const localParts = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: ZONE,
});

/** The London wall-clock time of an instant as a datetime-local input shows it ("2026-12-01T09:30"): londonLocalToInstant's inverse. */
export function instantToLondonLocal(at: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    localParts.formatToParts(at).find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** A wait for a "try again in …" message: whole minutes, rounded up, at least one. */
export function waitInMinutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return m === 1 ? '1 minute' : `${m} minutes`;
}
