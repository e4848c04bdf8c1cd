import { describe, expect, it } from 'vitest';
import { MIN_CELL, type SuppressedTable, shownText, suppressTable } from './suppression.ts';

const published = (counts: readonly number[]): string => JSON.stringify(suppressTable(counts));

/** Every table of `n` cells with counts 0..max. */
function* tables(n: number, max: number): Generator<number[]> {
  const cells = new Array<number>(n).fill(0);
  while (true) {
    yield [...cells];
    let i = 0;
    while (i < n && cells[i] === max) cells[i++] = 0;
    if (i === n) return;
    cells[i] = (cells[i] ?? 0) + 1;
  }
}

/**
 * The differencing attack by someone who knows the rule: every table that publishes the same figures
 * is a candidate; a suppressed cell is recovered when it has the same value in every candidate.
 * Candidates are enumerated up to `max`; only tables whose counts stay `margin` below it are judged,
 * so that a candidate the enumeration cannot reach is never missed.
 */
function recoveredCells(n: number, max: number, margin: number): { table: number[]; cell: number }[] {
  const candidates = new Map<string, number[][]>();
  for (const t of tables(n, max)) {
    const key = published(t);
    const list = candidates.get(key) ?? [];
    list.push(t);
    candidates.set(key, list);
  }
  const recovered: { table: number[]; cell: number }[] = [];
  for (const [key, list] of candidates) {
    const shown = JSON.parse(key) as SuppressedTable;
    if (!shown.total.shown) continue; // nothing shown but "fewer than 5": no cell to recover from it
    for (const table of list) {
      if (table.some((c) => c > max - margin)) continue;
      shown.cells.forEach((cell, i) => {
        if (!cell.shown && new Set(list.map((t) => t[i])).size === 1) recovered.push({ table, cell: i });
      });
    }
  }
  return recovered;
}

describe('suppressTable', () => {
  it('shows every cell of a table with no small cell, and the total', () => {
    expect(suppressTable([5, 12, 7])).toEqual({
      total: { shown: true, count: 24 },
      cells: [5, 12, 7].map((count) => ({ shown: true, count })),
    });
  });

  it('hides every count under 5, zero included, and the smallest other cell with it', () => {
    const t = suppressTable([0, 3, 9, 6, 20]);
    expect(t.total).toEqual({ shown: true, count: 38 });
    expect(t.cells.map((c) => c.shown)).toEqual([false, false, true, false, true]);
  });

  it('hides the ties of the smallest shown cell together', () => {
    expect(suppressTable([5, 5, 4, 9]).cells.map((c) => c.shown)).toEqual([false, false, false, true]);
  });

  it('hides everything, the total too, under 5 responses', () => {
    const t = suppressTable([1, 2, 1]);
    expect(t.total.shown).toBe(false);
    expect(t.cells.every((c) => !c.shown)).toBe(true);
  });

  it('never leaves one hidden cell alone: it would be the total minus the others', () => {
    for (const t of tables(4, 9)) {
      const hiddenCells = suppressTable(t).cells.filter((c) => !c.shown).length;
      expect(hiddenCells === 0 || hiddenCells >= 2).toBe(true);
    }
  });

  it('shows no count under 5', () => {
    for (const t of tables(4, 9)) {
      const s = suppressTable(t);
      for (const c of [s.total, ...s.cells]) if (c.shown) expect(c.count).toBeGreaterThanOrEqual(MIN_CELL);
    }
  });

  it('refuses counts that are not whole numbers of 0 or more', () => {
    expect(() => suppressTable([1, -1])).toThrow(RangeError);
    expect(() => suppressTable([1.5])).toThrow(RangeError);
  });

  it('words a hidden cell the same whether it was small or hidden to protect another', () => {
    expect(shownText({ shown: false })).toBe('Fewer than 5 or withheld');
    expect(shownText({ shown: true, count: 1234 })).toBe('1,234');
  });
});

describe('the differencing attack', () => {
  it('the naive attack: the total minus the shown cells never gives a hidden cell', () => {
    for (const t of tables(4, 12)) {
      const s = suppressTable(t);
      if (!s.total.shown) continue;
      const hiddenIdx = s.cells.flatMap((c, i) => (c.shown ? [] : [i]));
      const rest = s.total.count - s.cells.reduce((a, c) => a + (c.shown ? c.count : 0), 0);
      // One hidden cell would be `rest`; with a hidden sum of 0 every hidden cell would be 0.
      if (hiddenIdx.length > 0) expect(hiddenIdx.length >= 2 && rest >= MIN_CELL).toBe(true);
    }
  });

  it('recovers no hidden cell of any 3-cell table, knowing the rule', () => {
    expect(recoveredCells(3, 24, 8)).toEqual([]);
  });

  it('recovers no hidden cell of any 4-cell table, knowing the rule', () => {
    expect(recoveredCells(4, 16, 6)).toEqual([]);
  });
});
