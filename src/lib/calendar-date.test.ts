import { describe, expect, it } from 'vitest';
import { calendarDate, isRealDate } from './calendar-date.ts';

describe('calendar dates', () => {
  it('knows which days exist', () => {
    expect(isRealDate('2026-11-22')).toBe(true);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-00-10')).toBe(false);
  });
  it('says what is wrong', () => {
    const message = (v: string) => calendarDate.safeParse(v).error?.issues[0]?.message;
    expect(message(' 2026-11-22 ')).toBeUndefined();
    expect(message('22/11/2026')).toBe('Enter the date as year-month-day, for example 2026-11-22');
    expect(message('2026-02-30')).toBe('Enter a real date');
  });
});
