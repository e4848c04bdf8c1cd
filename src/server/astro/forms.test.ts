import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryState } from './forms.ts';

const Schema = z
  .object({
    kind: z.enum(['a', 'b'], { error: 'Choose a kind from the list' }).optional(),
    from: z
      .string()
      .regex(/^\d{4}$/, { error: 'Enter a year' })
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}$/, { error: 'Enter a year' })
      .optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: 'The end is before the start', path: ['to'] });

describe('queryState', () => {
  it('parses the query string and gives the values back', () => {
    const state = queryState(Schema, new URL('http://x/list?kind=a&from=2024&other=ignored'));
    expect(state.data).toEqual({ kind: 'a', from: '2024' });
    expect(state.hasErrors).toBe(false);
    expect(state.value('from')).toBe('2024');
    expect(state.value('to')).toBe('');
  });

  it('gives one error per field, in field order, with links for the summary', () => {
    const state = queryState(Schema, new URL('http://x/list?to=20x&kind=z&from=19'));
    expect(state.data).toBeNull();
    expect(state.errors).toEqual({
      kind: 'Choose a kind from the list',
      from: 'Enter a year',
      to: 'Enter a year',
    });
    expect(state.summary.map((s) => s.href)).toEqual(['#kind', '#from', '#to']);
    expect(state.value('kind')).toBe('z');
  });

  it('puts a refinement on the field it names', () => {
    const state = queryState(Schema, new URL('http://x/list?from=2025&to=2024'));
    expect(state.errors).toEqual({ to: 'The end is before the start' });
  });
});
