import { describe, expect, it } from 'vitest';
import { MIN_CELL, type SuppressedTable, shownText, suppressFamily, suppressTable } from './suppression.ts';

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

/** Every family of `panels` panels of `cells` answers, each panel with MIN_CELL responses or more, `max` in all. */
function* families(panels: number, cells: number, max: number): Generator<number[][]> {
  const n = panels * cells;
  const flat = new Array<number>(n).fill(0);
  function* fill(i: number, left: number): Generator<number[][]> {
    if (i === n) {
      const fam = Array.from({ length: panels }, (_, p) => flat.slice(p * cells, (p + 1) * cells));
      if (fam.every((p) => p.reduce((a, b) => a + b, 0) >= MIN_CELL)) yield fam;
      return;
    }
    for (let v = 0; v <= left; v++) {
      flat[i] = v;
      yield* fill(i + 1, left - v);
    }
  }
  yield* fill(0, max);
}

/**
 * The differencing attack across tables by someone who knows the rule: the candidates for a family
 * are every family publishing the same borough and panel figures; a hidden count (a panel's or the
 * borough's) is recovered when it is the same in every candidate. A candidate has the same panel
 * totals (shown) and so the same size, so every candidate of a family within `max` is enumerated.
 */
function recoveredAcross(panels: number, cells: number, max: number, publish = suppressFamily): string[] {
  const candidates = new Map<string, number[][][]>();
  for (const fam of families(panels, cells, max)) {
    const out = publish(fam);
    const key = JSON.stringify([out.borough, out.panels]);
    const list = candidates.get(key) ?? [];
    list.push(fam);
    candidates.set(key, list);
  }
  const recovered: string[] = [];
  for (const [key, list] of candidates) {
    const [borough, shownPanels] = JSON.parse(key) as [SuppressedTable, SuppressedTable[]];
    const sums = (fam: number[][]) =>
      Array.from({ length: cells }, (_, c) => fam.reduce((a, p) => a + (p[c] ?? 0), 0));
    const same = (values: number[]) => new Set(values).size === 1;
    borough.cells.forEach((cell, c) => {
      if (!cell.shown && same(list.map((f) => sums(f)[c] ?? -1))) recovered.push(`${key}: borough cell ${c}`);
    });
    shownPanels.forEach((table, p) => {
      table.cells.forEach((cell, c) => {
        if (!cell.shown && same(list.map((f) => f[p]?.[c] ?? -1)))
          recovered.push(`${key}: panel ${p} cell ${c}`);
      });
    });
  }
  return recovered;
}

describe('suppressFamily: a borough and its Ward Panels together', () => {
  it('shows each panel as it is shown alone, and hides in the borough every answer a panel hides', () => {
    const fam = suppressFamily([
      [9, 6, 2],
      [7, 8, 12],
    ]);
    expect(fam.panels).toEqual([suppressTable([9, 6, 2]), suppressTable([7, 8, 12])]);
    // The first panel hides answer 2 (under 5) and answer 1 (its smallest other): so does the borough,
    // though its counts (14 and 14) are not small, or answer 2 would be 14 - 12 = 2.
    expect(fam.borough.total).toEqual({ shown: true, count: 44 });
    expect(fam.borough.cells).toEqual([{ shown: true, count: 16 }, { shown: false }, { shown: false }]);
  });

  it('leaves a panel with fewer than 5 responses out of the borough, which is then the sum of the panels shown', () => {
    const fam = suppressFamily([
      [9, 6, 7],
      [1, 0, 2],
    ]);
    expect(fam.counted).toEqual([true, false]);
    expect(fam.panels[1]?.total.shown).toBe(false);
    expect(fam.borough).toEqual(suppressFamily([[9, 6, 7]]).borough);
    // And so nothing else published changes whatever the small panel holds.
    for (const small of [
      [0, 0, 0],
      [4, 0, 0],
      [0, 2, 2],
    ]) {
      const other = suppressFamily([[9, 6, 7], small]);
      expect([other.borough, other.panels[0]]).toEqual([fam.borough, fam.panels[0]]);
    }
  });

  it('is the single-table rule when the borough has one panel', () => {
    for (const t of tables(3, 9)) {
      if (t.reduce((a, b) => a + b, 0) < MIN_CELL) continue;
      const fam = suppressFamily([t]);
      expect(fam.panels[0]).toEqual(suppressTable(t));
      expect(fam.borough).toEqual(suppressTable(t));
    }
  });

  it('recovers no hidden count of any family of 2 panels of 3 answers, knowing the rule', () => {
    expect(recoveredAcross(2, 3, 18)).toEqual([]);
  });

  it('recovers no hidden count of any family of 3 panels of 2 answers, knowing the rule', () => {
    expect(recoveredAcross(3, 2, 20)).toEqual([]);
  });

  it('suppressing each table on its own lets the borough minus the other panels give a hidden count', () => {
    const separately = (panels: readonly (readonly number[])[]) => {
      const borough = panels[0]?.map((_, c) => panels.reduce((a, p) => a + (p[c] ?? 0), 0)) ?? [];
      return { borough: suppressTable(borough), panels: panels.map((p) => suppressTable(p)), counted: [] };
    };
    // The borough [16, 14, 14] is shown whole, and so is the second panel: the first panel's hidden
    // counts are 14 - 8 = 6 and 14 - 12 = 2.
    const example = [
      [9, 6, 2],
      [7, 8, 12],
    ];
    expect(separately(example).borough.cells.every((c) => c.shown)).toBe(true);
    expect(recoveredAcross(2, 3, 17, separately).length).toBeGreaterThan(0);
  });
});
