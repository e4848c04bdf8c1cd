import { describe, expect, it } from 'vitest';
import { NewsletterSchema, ScheduleSchema } from './newsletters.schema.ts';
import { type Audience, audienceReaches, describeAudience, newsletterSlug } from './newsletters.ts';

const places = {
  boroughOfWard: new Map([
    ['bloomsbury', 'camden'],
    ['kilburn', 'camden'],
    ['arsenal', 'islington'],
  ]),
};
const all: Audience = { kind: 'all' };
const camden: Audience = { kind: 'borough', borough: 'camden' };
const islington: Audience = { kind: 'borough', borough: 'islington' };
const bloomsbury: Audience = { kind: 'wards', wards: ['bloomsbury'] };
const kilburn: Audience = { kind: 'wards', wards: ['kilburn'] };
const arsenal: Audience = { kind: 'wards', wards: ['arsenal'] };

describe('audienceReaches', () => {
  it.each([
    // issue, subscriber, reaches?
    [all, bloomsbury, true],
    [bloomsbury, all, true],
    [camden, bloomsbury, true], // a ward subscriber gets borough-wide issues
    [camden, arsenal, false],
    [camden, islington, false],
    [bloomsbury, camden, true], // a borough subscriber gets its wards' issues
    [bloomsbury, islington, false],
    [bloomsbury, kilburn, false],
    [{ kind: 'wards', wards: ['kilburn', 'arsenal'] } as Audience, arsenal, true],
  ])('%j reaches %j: %s', (issue, wanted, expected) => {
    expect(audienceReaches(issue, wanted, places)).toBe(expected);
  });
});

describe('describeAudience', () => {
  const names = { boroughName: (s: string) => s.toUpperCase(), wardName: (s: string) => `W-${s}` };
  it('reads as words', () => {
    expect(describeAudience(all, names)).toBe('Everyone in Camden and Islington');
    expect(describeAudience(camden, names)).toBe('Everyone in CAMDEN');
    expect(describeAudience({ kind: 'wards', wards: ['a', 'b', 'c'] }, names)).toBe(
      'The wards of W-a, W-b and W-c',
    );
  });
});

describe('newsletterSlug', () => {
  it('is the month and the title in URL-safe words', () => {
    expect(newsletterSlug('2024-11-29', 'Clear, Hold, Build comes to Somers Town!')).toBe(
      '2024-11-clear-hold-build-comes-to-somers-town',
    );
    expect(newsletterSlug('2024-11-29', 'Café <script>')).toBe('2024-11-cafe-script');
    expect(newsletterSlug('2024-11-29', '!!!')).toBe('2024-11');
  });
});

describe('ScheduleSchema', () => {
  const message = (sendAt: unknown) =>
    ScheduleSchema.safeParse({ id: '1', sendAt }).error?.issues[0]?.message;

  it('reads a London wall-clock time as its instant (GMT in winter, BST in summer)', () => {
    expect(ScheduleSchema.parse({ id: '1', sendAt: '2026-12-01T09:30' }).sendAt).toEqual(
      new Date('2026-12-01T09:30:00Z'),
    );
    expect(ScheduleSchema.parse({ id: '1', sendAt: ' 2026-07-01T09:30 ' }).sendAt).toEqual(
      new Date('2026-07-01T08:30:00Z'),
    );
  });

  it('words what is wrong: missing, the wrong shape, a date that does not exist', () => {
    expect(message(null)).toBe('Enter the date and time to send it');
    expect(message('')).toBe('Enter the date and time to send it');
    expect(message('1 December 2026')).toBe('Enter the date and time to send it, like 2026-12-01 09:30');
    expect(message('2026-02-30T09:30')).toBe('Enter a real date and time');
  });
});

describe('NewsletterSchema', () => {
  it('keeps the summary one paragraph: a line break typed in its box becomes a space', () => {
    const parsed = NewsletterSchema.safeParse({
      title: 'November in Holloway',
      summary: '  Patrols on the estates.\r\n\n  Robbery down by a fifth.  ',
      issueDate: '2026-11-30',
      body: 'What happened.',
      audience: 'all',
    });
    expect(parsed.success && parsed.data.summary).toBe('Patrols on the estates. Robbery down by a fifth.');
  });
});
