// The ballot rules, the postcode districts and the cast form's schema.
import { describe, expect, it } from 'vitest';
import { CastSchema, CodeSchema } from './ballots.schema.ts';
import { checkChoices, chosenText, howManyText, normaliseAddress, triesLeftText } from './ballots.ts';
import { checkPostcode, VOTE_DISTRICTS } from './postcode-districts.ts';

describe('ballot rules', () => {
  it('checks choices: some, the round’s own, distinct, no more than the limit, in ballot order', () => {
    expect(checkChoices([], [1, 2, 3], 2)).toEqual({ ok: false, problem: 'none' });
    expect(checkChoices([9], [1, 2, 3], 2)).toEqual({ ok: false, problem: 'unknown' });
    expect(checkChoices([1, 2, 3], [1, 2, 3], 2)).toEqual({ ok: false, problem: 'too_many' });
    expect(checkChoices([3, 1, 3], [1, 2, 3], 2)).toEqual({ ok: true, choices: [1, 3] });
  });

  it('words the count and the tries', () => {
    expect(chosenText(2, 3)).toBe('2 of 3 chosen');
    expect(chosenText(4, 3)).toBe('4 chosen: you can choose up to 3. Untick 1 option.');
    expect(chosenText(5, 3)).toBe('5 chosen: you can choose up to 3. Untick 2 options.');
    expect(howManyText(1)).toBe('Choose 1 option.');
    expect(triesLeftText(1)).toBe('The code is not correct. You have 1 try left.');
    expect(normaliseAddress('  Me@Example.ORG ')).toBe('me@example.org');
  });
});

describe('postcode districts', () => {
  it('keeps only the district of a postcode near Camden or Islington', () => {
    expect(checkPostcode('n7 8lx')).toEqual({ ok: true, district: 'N7' });
    expect(checkPostcode('EC1A 1BB')).toEqual({ ok: true, district: 'EC1' });
    expect(checkPostcode('N1C 4AA')).toEqual({ ok: true, district: 'N1' });
    expect(checkPostcode('SW1A 1AA')).toEqual({ ok: false, reason: 'outside' });
    expect(checkPostcode('N7')).toEqual({ ok: false, reason: 'format' });
    expect(checkPostcode('not a postcode')).toEqual({ ok: false, reason: 'format' });
  });

  it('lists only districts of London’s N, NW, WC and EC areas', () => {
    for (const d of Object.keys(VOTE_DISTRICTS)) expect(d).toMatch(/^(N|NW|WC|EC)\d{1,2}$/);
  });
});

describe('CastSchema', () => {
  const valid = { ward: 'mildmay', choices: ['1', '3'], email: ' me@example.org ', postcode: 'N16 9AA' };

  it('gives the option ids, the trimmed address, the district alone and the outcome wish', () => {
    expect(CastSchema.parse({ ...valid, outcome: 'yes' })).toEqual({
      ward: 'mildmay',
      choices: [1, 3],
      email: 'me@example.org',
      postcode: 'N16',
      outcome: true,
    });
    expect(CastSchema.parse({ ...valid, outcome: null }).outcome).toBe(false);
  });

  it('refuses no choice, a far postcode and a malformed code', () => {
    const issues = (input: object) =>
      CastSchema.safeParse(input).error?.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(issues({ ...valid, choices: [] })).toEqual(['choices: Choose at least 1 option']);
    expect(issues({ ...valid, postcode: 'SW1A 1AA' })?.[0]).toMatch(
      /^postcode: Enter a postcode in or next to/,
    );
    expect(issues({ ...valid, postcode: null })).toEqual(['postcode: Enter your postcode']);
    expect(CodeSchema.safeParse({ ward: 'mildmay', code: '12 34 56' }).data?.code).toBe('123456');
    expect(CodeSchema.safeParse({ ward: 'mildmay', code: '12345' }).success).toBe(false);
  });
});
