// Staff running a round: what each state allows, the decision's limit, the words a decision gives a
// priority, the suggestions, and the form schemas' rules.
import { describe, expect, it } from 'vitest';
import { instantToLondonLocal } from '../../lib/format.ts';
import {
  optionField,
  RoundCloseSchema,
  RoundCreateSchema,
  RoundDecisionSchema,
  RoundExtendSchema,
} from './rounds.schema.ts';
import {
  decisionFits,
  isEditable,
  isRunning,
  priorityReasonFromDecision,
  suggestionsFrom,
} from './rounds.ts';

describe('what each state allows', () => {
  it('edits only before anyone votes and before it closes; extends and closes early while running', () => {
    expect(isEditable('scheduled', 0)).toBe(true);
    expect(isEditable('open', 0)).toBe(true);
    expect(isEditable('open', 1)).toBe(false);
    expect(isEditable('closed', 0)).toBe(false);
    expect(isEditable('decided', 0)).toBe(false);
    expect(['scheduled', 'open', 'closed', 'decided'].map((s) => isRunning(s as 'open'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('keeps the ward within its limit once the replaced priorities are retired', () => {
    expect(decisionFits(3, 0, 2, 5)).toBe(true);
    expect(decisionFits(3, 0, 3, 5)).toBe(false);
    expect(decisionFits(5, 3, 3, 5)).toBe(true);
  });

  it('says how many voters chose a priority', () => {
    expect(priorityReasonFromDecision('Because.', 2, 3)).toBe(
      'Because.\n\n2 of the 3 residents who voted in the ward’s priority vote chose it.',
    );
    expect(priorityReasonFromDecision('Because.', 1, 1)).toContain('1 of the 1 resident who voted');
    expect(priorityReasonFromDecision('Because.', 0, 0)).toContain('No residents voted');
  });

  it('suggests the most reported categories first, none unreported, at most five', () => {
    const s = suggestionsFrom([
      { label: 'Noise', reports: 2 },
      { label: 'Begging', reports: 0 },
      { label: 'Drug dealing or drug use', reports: 9 },
      ...['A', 'B', 'C', 'D'].map((label) => ({ label, reports: 1 })),
    ]);
    expect(s.map((x) => x.title)).toEqual(['Drug dealing or drug use', 'Noise', 'A', 'B', 'C']);
    expect(s[0]?.description).toMatch(/drug dealing or drug use/);
  });
});

const soon = (hours: number) => instantToLondonLocal(new Date(Date.now() + hours * 3_600_000));
const form = (rows: [string, string][], extra: Record<string, string> = {}) => ({
  ward: 'holloway',
  opensAt: soon(1),
  closesAt: soon(24 * 14),
  ...Object.fromEntries(
    rows.flatMap(([t, d], i) => [
      [optionField(i + 1, 'Title'), t],
      [optionField(i + 1, 'Description'), d],
    ]),
  ),
  ...extra,
});
const errors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('the round form', () => {
  it('takes 2 to 10 filled rows, the times in London and the rules', () => {
    const r = RoundCreateSchema.safeParse(
      form([
        ['Drugs', 'Dealing.'],
        ['', ''],
        ['Noise', 'Parties.'],
      ]),
    );
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.round.options).toEqual([
      { title: 'Drugs', description: 'Dealing.' },
      { title: 'Noise', description: 'Parties.' },
    ]);
    expect(r.data.round.maxChoices).toBe(2);
    expect(r.data.round.showCountsWhileOpen).toBe(false);
  });

  it('reads empty rows as Astro sends them (absent)', () => {
    const r = RoundCreateSchema.safeParse({
      ...form([
        ['A', 'a'],
        ['B', 'b'],
      ]),
      option3Title: undefined,
      maxChoices: null,
    });
    expect(r.success && r.data.round.options.length).toBe(2);
  });

  it('refuses half rows, too few options, more choices than options and times the wrong way round', () => {
    expect(errors(RoundCreateSchema.safeParse(form([['Drugs', '']])))).toEqual({
      option1Description: 'Enter a sentence saying what option 1 would mean',
      option2Title: 'Enter at least 2 options',
    });
    expect(
      errors(
        RoundCreateSchema.safeParse(
          form(
            [
              ['A', 'a'],
              ['B', 'b'],
            ],
            { maxChoices: '3', closesAt: soon(0.5), opensAt: soon(2) },
          ),
        ),
      ),
    ).toEqual({
      maxChoices: 'A voter cannot choose more options than there are (2)',
      closesAt: 'Voting must close after it opens',
    });
    expect(errors(RoundCreateSchema.safeParse(form([], { opensAt: '2026-02-30T09:00' })))).toMatchObject({
      opensAt: 'Enter a real date and time',
    });
  });

  it('extends only into the future, closes early only with a reason and the confirmation', () => {
    expect(RoundExtendSchema.safeParse({ id: '1', closesAt: soon(-1) }).success).toBe(false);
    expect(RoundExtendSchema.safeParse({ id: '1', closesAt: soon(5) }).success).toBe(true);
    expect(errors(RoundCloseSchema.safeParse({ id: '1', reason: ' ', confirm: 'yes' }))).toEqual({
      reason: 'Enter why voting is closing early',
    });
    expect(RoundCloseSchema.safeParse({ id: '1', reason: 'Panel moved' }).success).toBe(false);
  });

  it('needs an outcome for the priorities a decision replaces', () => {
    const base = { id: '1', reason: 'Because.', decidedOn: '2024-10-01' };
    expect(RoundDecisionSchema.safeParse({ ...base, chosen: ['2'] }).success).toBe(true);
    expect(errors(RoundDecisionSchema.safeParse({ ...base, replaced: ['4'] }))).toEqual({
      outcome: 'Enter what came of the priorities the new ones replace',
    });
  });
});
