import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

const columns = [
  { key: 'a', header: 'A' },
  { key: 'b', header: 'B' },
] as const;

describe('toCsv', () => {
  it('writes a byte-order mark and a header row', () => {
    expect(toCsv([{ a: 'x', b: 1 }], [...columns])).toBe('\ufeffA,B\nx,1\n');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20', "'+44 20"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', `"'\rCR"`],
  ])('escapes a cell a spreadsheet would run as a formula: %j', (cell, written) => {
    expect(toCsv([{ a: cell, b: '' }], [...columns])).toBe(`\ufeffA,B\n${written},\n`);
  });

  it('leaves other cells alone and quotes commas, quotes and line breaks', () => {
    expect(toCsv([{ a: 'a, "b"\nc', b: 'plain' }], [...columns])).toBe('\ufeffA,B\n"a, ""b""\nc",plain\n');
  });
});
