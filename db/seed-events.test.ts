import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { EVENT_SEEDS } from './seed-data/events.ts';
import { londonAt } from './seed-events.ts';

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

  it.for(['2026-12-07', '2026-12-24', '2027-12-01', '2028-11-20'])(
    'seeded on %s, none falls between 24 December and 1 January, and each keeps its weekday',
    (day) => {
      const today = new TZDate(`${day}T09:00:00`, 'Europe/London');
      for (const e of EVENT_SEEDS) {
        const at = london(londonAt(today, e.day, e.at));
        const closed =
          (at.getMonth() === 11 && at.getDate() >= 24) || (at.getMonth() === 0 && at.getDate() === 1);
        expect(closed, `${e.title} on ${at.toDateString()}`).toBe(false);
      }
    },
  );

  it('moves Christmas Day on a week, to the same weekday', () => {
    const today = new TZDate(2026, 11, 7, 9, 0, 0, 'Europe/London');
    const moved = london(londonAt(today, 18, [10, 0])); // would be Friday 25 December 2026
    expect([moved.getFullYear(), moved.getMonth(), moved.getDate(), moved.getDay()]).toEqual([2027, 0, 8, 5]);
  });
});
