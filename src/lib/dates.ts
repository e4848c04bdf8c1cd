// Calendar days as forms send them (YYYY-MM-DD). No zod and nothing heavy: the /report island
// imports it as well as the schemas (calendar-date.ts is the zod form of the same rule).

/** One day in milliseconds (retention periods, link lifetimes, the triage queue's age filters). */
export const DAY_MS = 86_400_000;

export const DATE_FORMAT_MESSAGE = 'Enter the date as year-month-day, for example 2026-11-22';
export const REAL_DATE_MESSAGE = 'Enter a real date';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Is `v` (YYYY-MM-DD) a day that exists? `Date.parse` would roll 30 February over to 2 March. */
export function isRealDate(v: string): boolean {
  const time = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
}

/** What is wrong with a date as typed (trimmed), in calendarDate's words; null when nothing is. */
export function dateProblem(v: string): string | null {
  if (!DAY.test(v)) return DATE_FORMAT_MESSAGE;
  return isRealDate(v) ? null : REAL_DATE_MESSAGE;
}

export function isDay(v: string): boolean {
  return DAY.test(v);
}

/** The day it is in London at `now`, as YYYY-MM-DD (not the UTC day: they differ after 11pm in summer). */
export function londonToday(now: Date): string {
  // en-CA writes dates as year-month-day.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
