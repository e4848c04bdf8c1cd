import { describe, expect, it } from 'vitest';
import { ActionNumberSchema, parsePlanFilter } from './action-plan.schema.ts';
import { formatDate, paragraphs, pillarFromSlug, pillarSlug } from './action-plan.ts';

describe('pillars in URLs', () => {
  it('round-trips every pillar through its slug', () => {
    for (const p of ['more_trust', 'less_crime', 'high_standards'] as const) {
      expect(pillarFromSlug(pillarSlug(p))).toBe(p);
    }
  });
  it('rejects unknown slugs', () => {
    expect(pillarFromSlug('more-crime')).toBeNull();
    expect(pillarFromSlug('')).toBeNull();
  });
});

describe('parsePlanFilter', () => {
  it('accepts an empty query as "all"', () => {
    const r = parsePlanFilter(new URLSearchParams(''));
    expect(r.success && r.data).toEqual({ pillar: undefined, borough: undefined });
  });
  it('treats empty values (the "all" options) as no filter', () => {
    const r = parsePlanFilter(new URLSearchParams('pillar=&borough='));
    expect(r.success && r.data).toEqual({ pillar: undefined, borough: undefined });
  });
  it('reads a pillar and a borough', () => {
    const r = parsePlanFilter(new URLSearchParams('pillar=less-crime&borough=islington'));
    expect(r.success && r.data).toEqual({ pillar: 'less_crime', borough: 'islington' });
  });
  it('explains an unknown pillar or borough', () => {
    const r = parsePlanFilter(new URLSearchParams('pillar=nope&borough=hackney'));
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => [i.path[0], i.message]);
    expect(messages).toEqual([
      ['pillar', 'Choose a pillar from the list'],
      ['borough', 'Choose Camden, Islington or both boroughs'],
    ]);
  });
});

describe('ActionNumberSchema', () => {
  it('accepts 1–99 and refuses the rest', () => {
    expect(ActionNumberSchema.safeParse('7').data).toBe(7);
    expect(ActionNumberSchema.safeParse('0').success).toBe(false);
    expect(ActionNumberSchema.safeParse('1.5').success).toBe(false);
    expect(ActionNumberSchema.safeParse('100').success).toBe(false);
  });
});

describe('text helpers', () => {
  it('splits paragraphs on blank lines only', () => {
    expect(paragraphs('One\nstill one\n\n  Two  \r\n\r\nThree\n\n\n')).toEqual([
      'One\nstill one',
      'Two',
      'Three',
    ]);
  });
  it('formats ISO dates the British way whatever the time zone', () => {
    expect(formatDate('2024-10-07')).toBe('7 October 2024');
    expect(formatDate('2023-12-31')).toBe('31 December 2023');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
