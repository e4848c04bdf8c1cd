import { describe, expect, it } from 'vitest';
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
