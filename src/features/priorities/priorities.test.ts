// Ward priorities: the pure rules, the schemas built on them, and the open data's shape.
import { describe, expect, it } from 'vitest';
import { bodyProblem } from '../markdown/markdown-body.ts';
import { prioritiesCsv, prioritiesJson } from './open-data.ts';
import { PriorityCreateSchema, PriorityRetireSchema, PriorityUpdateBodySchema } from './priorities.schema.ts';
import {
  bodyLength,
  hasRoomForAnother,
  MAX_CURRENT_PRIORITIES,
  newestFirst,
  onOrAfter,
  type Priority,
  paragraphs,
  splitPriorities,
  UPDATE_MAX_LENGTH,
  UPDATE_RULE,
} from './priorities.ts';

const priority = (over: Partial<Priority>): Priority => ({
  id: 1,
  title: 'Drug dealing on estates',
  reason: 'Residents asked.',
  setOn: '2024-10-01',
  retiredOn: null,
  outcome: null,
  updates: [],
  ...over,
});

describe('the order priorities and updates are shown in', () => {
  it('shows updates newest first, the later written first on the same day', () => {
    const updates = [
      { id: 1, updateDate: '2024-11-01' },
      { id: 3, updateDate: '2024-12-01' },
      { id: 2, updateDate: '2024-12-01' },
      { id: 4, updateDate: '2024-10-15' },
    ];
    expect(newestFirst(updates).map((u) => u.id)).toEqual([3, 2, 1, 4]);
  });

  it('splits current (oldest agreed first) from past (most recently retired first)', () => {
    const all = [
      priority({ id: 1, setOn: '2024-10-05' }),
      priority({ id: 2, setOn: '2024-10-01' }),
      priority({ id: 3, setOn: '2024-04-01', retiredOn: '2024-06-01', outcome: 'Done.' }),
      priority({ id: 4, setOn: '2024-04-01', retiredOn: '2024-09-01', outcome: 'Done.' }),
      priority({ id: 5, setOn: '2024-10-01' }),
    ];
    const { current, past } = splitPriorities(all);
    expect(current.map((p) => p.id)).toEqual([2, 5, 1]);
    expect(past.map((p) => p.id)).toEqual([4, 3]);
  });
});

describe('the rules', () => {
  it(`allows up to ${MAX_CURRENT_PRIORITIES} current priorities`, () => {
    expect(hasRoomForAnother(0)).toBe(true);
    expect(hasRoomForAnother(MAX_CURRENT_PRIORITIES - 1)).toBe(true);
    expect(hasRoomForAnother(MAX_CURRENT_PRIORITIES)).toBe(false);
  });

  it('retires a priority on or after the day it was set', () => {
    expect(onOrAfter('2024-10-01', '2024-10-01')).toBe(true);
    expect(onOrAfter('2024-10-01', '2024-12-31')).toBe(true);
    expect(onOrAfter('2024-10-01', '2024-09-30')).toBe(false);
  });

  it('splits plain text into paragraphs at blank lines', () => {
    expect(paragraphs('One\nline.\n\n  \nTwo.\n')).toEqual(['One\nline.', 'Two.']);
  });
});

describe('the schemas', () => {
  const valid = { ward: 'holloway', title: ' Robbery ', reason: 'Why.\r\n\r\nMore.', setOn: '2024-10-01' };

  it('trims and normalises what was typed', () => {
    expect(PriorityCreateSchema.parse(valid)).toEqual({
      ...valid,
      title: 'Robbery',
      reason: 'Why.\n\nMore.',
    });
  });

  it.each([
    ['title', null, 'Enter the priority'],
    ['title', 'x'.repeat(121), 'Priority must be 120 characters or fewer'],
    ['reason', '  ', 'Enter why the panel chose it'],
    ['setOn', '2024-02-30', 'Enter a real date'],
    ['setOn', '2999-01-01', 'The date must be today or in the past'],
    ['ward', '../x', undefined],
  ])('refuses %s = %j', (field, value, message) => {
    const result = PriorityCreateSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('needs the confirmation and an outcome to retire', () => {
    const retire = { id: '3', retiredOn: '2024-12-01', outcome: 'Fewer reports.', confirm: 'yes' };
    expect(PriorityRetireSchema.safeParse(retire).success).toBe(true);
    expect(PriorityRetireSchema.safeParse({ ...retire, confirm: 'no' }).success).toBe(false);
    expect(PriorityRetireSchema.safeParse({ ...retire, outcome: '' }).success).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['at the limit', 'x'.repeat(UPDATE_MAX_LENGTH)],
    ['one over', 'x'.repeat(UPDATE_MAX_LENGTH + 1)],
    ['CRLF at the limit', `${'x\r\n'.repeat(1499)}xx`],
  ])('the island’s body check agrees with the schema: %s', (_name, text) => {
    const schema = PriorityUpdateBodySchema.safeParse(text);
    expect(bodyProblem(bodyLength(text), UPDATE_RULE)).toBe(
      schema.success ? null : (schema.error.issues[0]?.message ?? 'no message'),
    );
  });
});

describe('open data', () => {
  const ward = { slug: 'holloway', name: 'Holloway', borough: { name: 'Islington' } };
  const priorities = {
    current: [
      priority({
        id: 7,
        title: '=HYPERLINK("http://evil")',
        reason: '+44 call us',
        updates: [
          {
            id: 2,
            updateDate: '2024-12-01',
            body: '@mention **newest**',
            correctedAt: new Date('2025-07-02T23:30:00Z'),
          },
          { id: 1, updateDate: '2024-11-01', body: 'older', correctedAt: null },
        ],
      }),
    ],
    past: [priority({ id: 3, retiredOn: '2024-09-01', outcome: '-5% robbery' })],
  };

  it('writes every priority, its updates and the licence as JSON', () => {
    const json = JSON.parse(prioritiesJson(ward, priorities, 'https://portal.example/wards/holloway'));
    expect(json.licence.name).toBe('Open Government Licence v3.0');
    expect(json.ward).toEqual({
      slug: 'holloway',
      name: 'Holloway',
      borough: 'Islington',
      url: 'https://portal.example/wards/holloway',
    });
    expect(json.current[0]).toMatchObject({ id: 7, status: 'current', retiredOn: null });
    expect(json.current[0].updates).toEqual([
      // Corrected at 11:30pm UTC on 2 July: the 3rd in London (summer time).
      { date: '2024-12-01', bodyMarkdown: '@mention **newest**', correctedOn: '2025-07-03' },
      { date: '2024-11-01', bodyMarkdown: 'older', correctedOn: null },
    ]);
    expect(json.past[0]).toMatchObject({ id: 3, status: 'past', outcome: '-5% robbery' });
  });

  it('writes one CSV row per priority with its latest update, formulas escaped', () => {
    const csv = prioritiesCsv(ward, priorities);
    const [header, first, second] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(header).toBe(
      'Ward,Borough,Priority id,Status,Priority,Why it was chosen,Set on,Retired on,Outcome,Progress updates,Latest update on,Latest update (Markdown)',
    );
    expect(first).toBe(
      `Holloway,Islington,7,current,"'=HYPERLINK(""http://evil"")",'+44 call us,2024-10-01,,,2,2024-12-01,'@mention **newest**`,
    );
    expect(second).toBe(
      "Holloway,Islington,3,past,Drug dealing on estates,Residents asked.,2024-10-01,2024-09-01,'-5% robbery,0,,",
    );
  });
});
