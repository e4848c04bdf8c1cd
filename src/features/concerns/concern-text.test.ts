import { describe, expect, it } from 'vitest';
import { whatSentence, whenSentence } from './concern-text.ts';

describe('whatSentence', () => {
  it('names a listed kind of behaviour by its label', () => {
    expect(whatSentence({ category: 'nitrous_oxide', categoryOther: null })).toBe(
      'Nitrous oxide (laughing gas)',
    );
  });
  it('quotes the resident for "something else", and says just that when they wrote nothing', () => {
    expect(whatSentence({ category: 'other', categoryOther: 'Dogs off leads in the playground' })).toBe(
      'Something else: Dogs off leads in the playground',
    );
    expect(whatSentence({ category: 'other', categoryOther: null })).toBe('Something else');
  });
  it('shows an unknown stored category as it is rather than nothing', () => {
    expect(whatSentence({ category: 'retired_kind' })).toBe('retired_kind');
  });
});

describe('whenSentence', () => {
  it('something that keeps happening: how often', () => {
    expect(whenSentence({ timing: 'ongoing', frequency: 'most evenings after 9pm' })).toBe(
      'It keeps happening: most evenings after 9pm',
    );
  });
  it('one occasion: the date in words and the time of day', () => {
    expect(whenSentence({ timing: 'once', occurredOn: '2026-12-03', timeOfDay: 'evening' })).toBe(
      '3 December 2026, evening (6pm to midnight)',
    );
    expect(whenSentence({ timing: 'once', occurredOn: '2026-12-03', timeOfDay: null })).toBe(
      '3 December 2026, i am not sure',
    );
  });
});
