// The rules of each /report question: the same functions the step schemas apply on the server and the
// island in the browser, so what the island lets through is exactly what the action accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonToday } from '../../lib/dates.ts';
import { ContactSchema, DetailsSchema, WhatSchema, WhenSchema, WhereSchema } from './concerns.schema.ts';
import { STEPS, type Step } from './concerns.ts';
import { checkStep, cleanText, TEXT_LIMITS } from './report-steps.ts';

const problems = (step: Step, input: Record<string, string | null>, now?: Date) => {
  const checked = checkStep(step, input, now);
  return checked.ok ? [] : checked.problems;
};

describe('the questions’ rules', () => {
  it('give every problem of a page at once, in the page’s order, with GOV.UK-style messages', () => {
    expect(problems('where', {})).toEqual([
      ['ward', 'Choose the ward, or “I don’t know”'],
      ['location', 'Enter a street, estate or landmark'],
    ]);
    expect(problems('contact', { anonymous: 'no', name: ' ', email: 'x'.repeat(255), phone: '12' })).toEqual([
      ['name', 'Enter your name'],
      ['email', 'Email address must be 254 characters or fewer'],
      ['phone', 'Enter a phone number, like 020 7946 0000 or 07700 900 982'],
    ]);
    expect(problems('when', { timing: 'once', occurredOn: '2026-02-30', timeOfDay: 'x' })).toEqual([
      ['occurredOn', 'Enter a real date'],
      ['timeOfDay', 'Choose the time of day, or “I am not sure”'],
    ]);
    expect(problems('when', { timing: 'once', occurredOn: '30/01/2026', timeOfDay: 'night' })).toEqual([
      ['occurredOn', 'Enter the date as year-month-day, for example 2026-11-22'],
    ]);
  });

  it('count as they keep: line breaks as one character, surrounding space not at all', () => {
    const limit = TEXT_LIMITS.description?.[0] ?? 0;
    const text = `${'x'.repeat(limit - 1)}\r\ny`;
    expect(cleanText(` ${text} `)).toHaveLength(limit + 1);
    expect(problems('details', { description: ` ${'x'.repeat(limit)}\r\n`, impact: 'i' })).toEqual([]);
    expect(problems('details', { description: text, impact: 'i' })).toEqual([
      ['description', 'What happened must be 2,000 characters or fewer'],
    ]);
  });

  it('ignore the fields of the choice not made (hidden on the page)', () => {
    expect(problems('what', { category: 'noise', categoryOther: 'x'.repeat(500) })).toEqual([]);
    expect(checkStep('what', { category: 'noise', categoryOther: 'kept?' })).toEqual({
      ok: true,
      value: { category: 'noise', categoryOther: '' },
    });
    expect(problems('when', { timing: 'ongoing', frequency: 'Weekends', occurredOn: 'nonsense' })).toEqual(
      [],
    );
    expect(
      problems('when', {
        timing: 'once',
        occurredOn: '2026-01-05',
        timeOfDay: 'night',
        frequency: 'x'.repeat(999),
      }),
    ).toEqual([]);
    expect(checkStep('contact', { anonymous: 'yes', name: 'x'.repeat(500), email: 'bad' })).toEqual({
      ok: true,
      value: { anonymous: true, name: '', email: '', phone: '', preference: '' },
    });
  });

  it('take "today" in London: a date just after midnight in summer is not in the future', () => {
    // 00:30 on 1 July in London is 23:30 on 30 June UTC.
    const now = new Date('2026-06-30T23:30:00Z');
    expect(londonToday(now)).toBe('2026-07-01');
    expect(problems('when', { timing: 'once', occurredOn: '2026-07-01', timeOfDay: 'night' }, now)).toEqual(
      [],
    );
    expect(problems('when', { timing: 'once', occurredOn: '2026-07-02', timeOfDay: 'night' }, now)).toEqual([
      ['occurredOn', 'The date must be today or in the past'],
    ]);
  });
});

describe('the step schemas', () => {
  const schemas = {
    what: WhatSchema,
    where: WhereSchema,
    when: WhenSchema,
    details: DetailsSchema,
    contact: ContactSchema,
  } as const;
  const field = fc.option(
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('other', 'noise', 'once', 'ongoing', 'yes', 'no', 'bloomsbury', 'night', '2026-01-05'),
      fc.integer({ min: 1, max: 2100 }).map((n) => 'y'.repeat(n)),
    ),
    { nil: null },
  );
  const names = [
    'category',
    'categoryOther',
    'ward',
    'location',
    'timing',
    'occurredOn',
    'timeOfDay',
    'frequency',
    'description',
    'impact',
    'anonymous',
    'name',
    'email',
    'phone',
    'preference',
  ];

  it('accept and refuse exactly as the rules the island applies, with the same messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STEPS),
        fc.record(Object.fromEntries(names.map((n) => [n, field]))),
        (step, input) => {
          const rules = checkStep(step, input as Record<string, string | null>);
          const parsed = schemas[step].safeParse(input);
          if (rules.ok) {
            expect(parsed.success).toBe(true);
            expect(parsed.data).toMatchObject(rules.value);
          } else {
            expect(parsed.success).toBe(false);
            expect(parsed.error?.issues.map((i) => [String(i.path[0]), i.message])).toEqual(rules.problems);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
