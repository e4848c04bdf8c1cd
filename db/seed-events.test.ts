import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { EVENT_SEEDS } from './seed-data/events.ts';
import { isHoliday, londonAt } from './seed-events.ts';

const london = (d: Date) => new TZDate(d.getTime(), 'Europe/London');

describe('the demonstration events’ dates', () => {
  it('keep evening meetings on weekdays, at their London time', () => {
    const today = new TZDate(2026, 2, 2, 9, 0, 0, 'Europe/London'); // a Monday
    const friday = london(londonAt(today, 4, [18, 30]));
    expect([friday.getDay(), friday.getDate(), friday.getHours(), friday.getMinutes()]).toEqual([
      1, 9, 18, 30,
    ]);
    const morning = london(londonAt(today, 5, [10, 0]));
    expect([morning.getDay(), morning.getDate()]).toEqual([6, 7]);
  });

  it('knows England’s bank holidays (2026 and 2027, as gov.uk lists them) and the Christmas closure', () => {
    const days = (year: number) =>
      Array.from({ length: 366 }, (_, i) => new TZDate(year, 0, 1 + i, 12, 0, 0, 'Europe/London'))
        .filter((d) => d.getFullYear() === year && isHoliday(d))
        .map((d) => `${d.getMonth() + 1}-${d.getDate()}`);
    const closure = ['12-24', '12-25', '12-26', '12-27', '12-28', '12-29', '12-30', '12-31'];
    expect(days(2026)).toEqual(['1-1', '4-3', '4-6', '5-4', '5-25', '8-31', ...closure]);
    expect(days(2027)).toEqual(['1-1', '3-26', '3-29', '5-3', '5-31', '8-30', ...closure]);
    // 1 January 2028 is a Saturday: the holiday is Monday 3 January.
    expect(days(2028).slice(0, 2)).toEqual(['1-1', '1-3']);
  });

  it.for(['2026-03-20', '2026-12-07', '2026-12-24', '2027-01-05', '2027-04-20', '2027-12-01', '2028-11-20'])(
    'seeded on %s, none falls on a holiday, and past ones stay past',
    (day) => {
      const today = new TZDate(`${day}T09:00:00`, 'Europe/London');
      for (const e of EVENT_SEEDS) {
        const at = london(londonAt(today, e.day, e.at));
        expect(isHoliday(at), `${e.title} on ${at.toDateString()}`).toBe(false);
        expect(at.getTime() < today.getTime(), `${e.title} on ${at.toDateString()}`).toBe(e.day < 0);
      }
    },
  );

  it('moves Christmas Day on a week, to the same weekday', () => {
    const today = new TZDate(2026, 11, 7, 9, 0, 0, 'Europe/London');
    const moved = london(londonAt(today, 18, [10, 0])); // would be Friday 25 December 2026
    expect([moved.getFullYear(), moved.getMonth(), moved.getDate(), moved.getDay()]).toEqual([2027, 0, 8, 5]);
  });
});
