// Event times as people in London read them, whatever the server's zone: the day, 12-hour clock,
// minutes only when there are some, and the right hour on both sides of a clock change.
import { describe, expect, it } from 'vitest';
import { formatClock, londonLocalToInstant } from '../../lib/format.ts';
import { formatEventTimes, isUpcoming, placeLabel } from './events.ts';

const at = (local: string): Date => {
  const d = londonLocalToInstant(local);
  if (!d) throw new Error(`Not a time: ${local}`);
  return d;
};

describe('formatEventTimes', () => {
  it('writes a winter evening with the day, as in the issue', () => {
    expect(formatEventTimes(at('2027-01-12T18:30'), at('2027-01-12T20:00'))).toBe(
      'Tuesday 12 January 2027, 6:30pm to 8pm',
    );
  });
  it('keeps London time in summer (BST), not UTC', () => {
    const start = at('2027-07-13T18:30');
    expect(start.toISOString()).toBe('2027-07-13T17:30:00.000Z');
    expect(formatEventTimes(start, at('2027-07-13T20:00'))).toBe('Tuesday 13 July 2027, 6:30pm to 8pm');
  });
  it('gives the same local time either side of the October and March changes', () => {
    // Last Sunday of October 2027 is the 31st; of March 2028 the 26th.
    expect(formatEventTimes(at('2027-10-26T18:30'), at('2027-10-26T20:00'))).toBe(
      'Tuesday 26 October 2027, 6:30pm to 8pm',
    );
    expect(formatEventTimes(at('2027-11-02T18:30'), at('2027-11-02T20:00'))).toBe(
      'Tuesday 2 November 2027, 6:30pm to 8pm',
    );
    expect(formatEventTimes(at('2028-03-21T18:30'), at('2028-03-21T20:00'))).toBe(
      'Tuesday 21 March 2028, 6:30pm to 8pm',
    );
    expect(formatEventTimes(at('2028-03-28T18:30'), at('2028-03-28T20:00'))).toBe(
      'Tuesday 28 March 2028, 6:30pm to 8pm',
    );
  });
  it('names both days when it ends on another day', () => {
    expect(formatEventTimes(at('2027-01-01T23:00'), at('2027-01-02T01:15'))).toBe(
      'Friday 1 January 2027, 11pm to Saturday 2 January 2027, 1:15am',
    );
  });
  it('just after midnight is the London day, not the UTC one (summer)', () => {
    // 00:30 BST on 1 July is 23:30 UTC on 30 June.
    expect(formatEventTimes(at('2027-07-01T00:30'), at('2027-07-01T01:00'))).toBe(
      'Thursday 1 July 2027, 12:30am to 1am',
    );
  });
});

describe('formatClock', () => {
  it('says noon and midnight as 12pm and 12am, and keeps minutes only when there are some', () => {
    expect(formatClock(at('2027-01-05T12:00'))).toBe('12pm');
    expect(formatClock(at('2027-01-05T00:00'))).toBe('12am');
    expect(formatClock(at('2027-01-05T09:05'))).toBe('9:05am');
    expect(formatClock(at('2027-01-05T17:45'))).toBe('5:45pm');
  });
});

describe('isUpcoming', () => {
  it('is upcoming until it ends (under way counts), then past', () => {
    const event = { endsAt: new Date('2027-01-12T20:00:00Z') };
    expect(isUpcoming(event, new Date('2027-01-12T19:59:59Z'))).toBe(true);
    expect(isUpcoming(event, new Date('2027-01-12T20:00:00Z'))).toBe(false);
  });
});

describe('placeLabel', () => {
  it('names a ward or a whole borough', () => {
    expect(placeLabel({ kind: 'ward', slug: 'highgate', name: 'Highgate' })).toBe('Highgate ward');
    expect(placeLabel({ kind: 'borough', slug: 'camden', name: 'Camden' })).toBe('Camden (borough-wide)');
  });
});
