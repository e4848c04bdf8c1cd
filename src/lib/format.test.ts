import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatLondonDate,
  formatMoment,
  instantToLondonLocal,
  londonLocalToInstant,
  startOfLondonDay,
  waitInMinutes,
} from './format.ts';

describe('dates in London', () => {
  it('shows times in London time, in summer and in winter', () => {
    expect(formatDateTime(new Date('2026-07-01T13:05:00Z'))).toBe('1 Jul 2026, 14:05');
    expect(formatDateTime(new Date('2026-11-22T14:05:00Z'))).toBe('22 Nov 2026, 14:05');
    // Half past eleven at night UTC on 30 June is already 1 July in London.
    expect(formatDateTime(new Date('2026-06-30T23:30:00Z'))).toBe('1 Jul 2026, 00:30');
  });
  it('names the day an instant falls on in London, as formatDate names a calendar date', () => {
    // 11:30pm UTC on 2 July is 3 July in London (summer time); in December London is on UTC.
    expect(formatLondonDate(new Date('2025-07-02T23:30:00Z'))).toBe('3 July 2025');
    expect(formatLondonDate(new Date('2026-12-07T23:30:00Z'))).toBe(formatDate('2026-12-07'));
  });
  it('shows residents a moment as the events do: the day in words and a 12-hour clock', () => {
    expect(formatMoment(new Date('2026-12-28T18:00:00Z'))).toBe('Monday 28 December 2026, 6pm');
    expect(formatMoment(new Date('2026-07-01T09:09:00Z'))).toBe('Wednesday 1 July 2026, 10:09am');
    expect(formatMoment(new Date('2026-06-30T23:30:00Z'))).toBe('Wednesday 1 July 2026, 12:30am');
  });
  it('shows calendar dates as the day they name', () => {
    expect(formatDate('2024-10-07')).toBe('7 October 2024');
    expect(formatDate('2023-12-31')).toBe('31 December 2023');
    expect(formatDate('2026-03-29')).toBe('29 March 2026'); // the day the clocks go forward
    expect(formatDate('not a date')).toBe('not a date');
  });
  it('finds when a London day begins', () => {
    expect(startOfLondonDay('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(startOfLondonDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfLondonDay('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfLondonDay('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});

describe('londonLocalToInstant', () => {
  it('reads London wall-clock time in winter and summer', () => {
    expect(londonLocalToInstant('2026-12-01T09:30')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(londonLocalToInstant('2026-07-01T09:30')?.toISOString()).toBe('2026-07-01T08:30:00.000Z');
  });
  it('takes the first of the repeated hour when the clocks go back, and refuses nonsense', () => {
    expect(londonLocalToInstant('2026-10-25T01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonLocalToInstant('2026-02-30T09:00')).toBeNull();
    expect(londonLocalToInstant('2026-12-01 09:00')).toBeNull();
    expect(londonLocalToInstant('2026-12-01T24:00')).toBeNull();
  });
});

describe('instantToLondonLocal', () => {
  it('writes London wall-clock time, the inverse of londonLocalToInstant', () => {
    expect(instantToLondonLocal(new Date('2026-12-01T09:30:00Z'))).toBe('2026-12-01T09:30');
    expect(instantToLondonLocal(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02T00:30');
    for (const local of ['2026-03-29T00:15', '2026-10-25T12:00', '2027-01-01T00:00'])
      expect(instantToLondonLocal(londonLocalToInstant(local) as Date)).toBe(local);
  });
});

describe('waitInMinutes', () => {
  it('rounds a wait up to whole minutes, never less than one', () => {
    expect(waitInMinutes(0)).toBe('1 minute');
    expect(waitInMinutes(59)).toBe('1 minute');
    expect(waitInMinutes(60)).toBe('1 minute');
    expect(waitInMinutes(61)).toBe('2 minutes');
    expect(waitInMinutes(15 * 60)).toBe('15 minutes');
  });
});
