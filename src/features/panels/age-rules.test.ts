import { describe, expect, it } from 'vitest';
import { londonToday } from '../../lib/dates.ts';
import { ageOn, outOfRange, youthAge } from './age-rules.ts';

describe('ageOn', () => {
  it.each([
    ['2010-06-15', '2024-06-14', 13],
    ['2010-06-15', '2024-06-15', 14],
    ['2010-06-15', '2024-06-16', 14],
    ['2010-01-01', '2024-12-31', 14],
    ['2010-12-31', '2025-01-01', 14],
    ['2010-06-15', '2010-06-15', 0],
  ])('born %s, on %s: %i', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });

  it('a 29 February birthday: a year older on 1 March in a year with no 29 February', () => {
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn('2012-02-29', '2026-03-02')).toBe(14);
  });

  it('a 29 February birthday in a leap year: on the day itself', () => {
    expect(ageOn('2012-02-29', '2028-02-28')).toBe(15);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
    expect(ageOn('2012-02-29', '2028-03-01')).toBe(16);
  });

  it('century years: 2100 has no 29 February, 2000 had one', () => {
    expect(ageOn('2088-02-29', '2100-02-28')).toBe(11);
    expect(ageOn('2088-02-29', '2100-03-01')).toBe(12);
    expect(ageOn('1984-02-29', '2000-02-29')).toBe(16);
    expect(ageOn('1984-02-29', '2000-02-28')).toBe(15);
  });
});

describe('youthAge: the Forum’s boundaries', () => {
  const today = '2026-12-06';
  it.each([
    // The 14th birthday: the day before, of and after.
    ['2012-12-07', 'too_young', 13],
    ['2012-12-06', 'needs_guardian', 14],
    ['2012-12-05', 'needs_guardian', 14],
    // The 16th: a guardian is needed until the day before.
    ['2010-12-07', 'needs_guardian', 15],
    ['2010-12-06', 'eligible', 16],
    ['2010-12-05', 'eligible', 16],
    // The 26th: 25-year-olds may apply until the day before.
    ['2000-12-07', 'eligible', 25],
    ['2000-12-06', 'too_old', 26],
    ['2000-12-05', 'too_old', 26],
  ] as const)('born %s: %s (%i)', (born, kind, age) => {
    expect(youthAge(born, today)).toEqual({ kind, age });
  });

  it('29 February birthdays in a year with none: 14, 16 and 26 arrive on 1 March', () => {
    expect(youthAge('2012-02-29', '2026-02-28').kind).toBe('too_young');
    expect(youthAge('2012-02-29', '2026-03-01').kind).toBe('needs_guardian');
    expect(youthAge('2008-02-29', '2023-02-28').kind).toBe('needs_guardian');
    expect(youthAge('2008-02-29', '2023-03-01')).toEqual({ kind: 'needs_guardian', age: 15 });
    expect(youthAge('2008-02-29', '2024-02-29')).toEqual({ kind: 'eligible', age: 16 });
    expect(youthAge('2000-02-29', '2026-02-28')).toEqual({ kind: 'eligible', age: 25 });
    expect(youthAge('2000-02-29', '2026-03-01')).toEqual({ kind: 'too_old', age: 26 });
  });

  it('a date after today is not a date of birth', () => {
    expect(youthAge('2026-12-07', today)).toEqual({ kind: 'future' });
    expect(youthAge('2026-12-06', today)).toEqual({ kind: 'too_young', age: 0 });
  });

  it('counts on London’s day, not UTC’s: 23:30 UTC on 6 June is already 7 June in London', () => {
    const lateInSummer = new Date('2026-06-06T23:30:00Z');
    expect(londonToday(lateInSummer)).toBe('2026-06-07');
    expect(youthAge('2012-06-07', londonToday(lateInSummer)).kind).toBe('needs_guardian');
    // In winter London is on UTC: 23:30 on 6 December is still the 6th.
    const lateInWinter = new Date('2026-12-06T23:30:00Z');
    expect(youthAge('2012-12-07', londonToday(lateInWinter)).kind).toBe('too_young');
    expect(youthAge('2012-12-07', londonToday(new Date('2026-12-07T00:00:00Z'))).kind).toBe('needs_guardian');
  });

  it('outOfRange is true only below 14 and above 25', () => {
    expect(outOfRange(youthAge('2012-12-07', today))).toBe(true);
    expect(outOfRange(youthAge('2000-12-06', today))).toBe(true);
    expect(outOfRange(youthAge('2012-12-06', today))).toBe(false);
    expect(outOfRange(youthAge('2000-12-07', today))).toBe(false);
    expect(outOfRange({ kind: 'future' })).toBe(false);
  });
});
