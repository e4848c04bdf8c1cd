import { describe, expect, it } from 'vitest';
import { possessive } from './words.ts';

describe('possessive', () => {
  it('adds ’s to a name', () => {
    expect(possessive('Holloway')).toBe('Holloway’s');
    expect(possessive("St Peter's and Canalside")).toBe("St Peter's and Canalside’s");
  });
  it('adds nothing to a name that ends in an apostrophe, straight or curly', () => {
    expect(possessive("St Mary's and St James'")).toBe("St Mary's and St James'");
    expect(possessive('St James’')).toBe('St James’');
  });
});
