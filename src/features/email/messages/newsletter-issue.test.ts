import { describe, expect, it } from 'vitest';
import { htmlToText } from './newsletter-issue.ts';

describe('htmlToText (a newsletter issue as plain text)', () => {
  it('keeps a blank line between a list and the heading after it', () => {
    expect(
      htmlToText('<ul><li>Call 101</li><li>Choose option 6</li></ul><h3>On an estate</h3><p>4pm to 4am.</p>'),
    ).toBe('- Call 101\n- Choose option 6\n\nOn an estate\n\n4pm to 4am.');
  });

  it('keeps each item of a loose list on its own line, and a link’s address', () => {
    expect(
      htmlToText(
        '<ol><li><p>One</p></li><li><p><a href="https://example.org">Two</a></p></li></ol><p>After</p>',
      ),
    ).toBe('- One\n\n- Two (https://example.org)\n\nAfter');
  });
});
