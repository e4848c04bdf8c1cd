// Small-cell suppression for the equality figures staff see (decision 0138). Pure: a table is one
// question's answers for one panel or borough, each cell a count of responses, and the cells add up
// to the table's total (a skipped question is a cell of its own, "not answered").
//
// 1. A total under MIN_CELL: nothing is shown but that there were fewer than MIN_CELL responses.
// 2. Primary: every cell under MIN_CELL (0 included) is suppressed.
// 3. Secondary: when any cell is suppressed, so is the smallest cell still shown, and every cell
//    equal to it. Without this the one hidden cell is the total minus the others; with only
//    primaries hidden, a hidden sum of 0 would show that every hidden cell is 0. The smallest-cell
//    ties go together so that the choice never depends on a cell's place in the table (a fixed
//    tie-break would let someone who knows the rule rule out the other arrangements).
// The total is shown exactly. Suppressed cells are shown alike ("fewer than 5 or withheld"), so a
// reader cannot tell a primary cell from a secondary one.

export const MIN_CELL = 5;

export type ShownCount = { shown: true; count: number } | { shown: false };

export interface SuppressedTable {
  /** The total, or hidden when under MIN_CELL (then every cell is hidden too). */
  total: ShownCount;
  cells: ShownCount[];
}

const hidden: ShownCount = { shown: false };

/** The table as staff may see it: cells in the order given. */
export function suppressTable(counts: readonly number[]): SuppressedTable {
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError('Counts are whole numbers, 0 or more');
  }
  const suppressed = counts.map((c) => c < MIN_CELL);
  if (suppressed.some(Boolean)) {
    const shownCounts = counts.filter((_, i) => !suppressed[i]);
    if (shownCounts.length > 0) {
      const smallest = Math.min(...shownCounts);
      counts.forEach((c, i) => {
        if (c === smallest) suppressed[i] = true;
      });
    }
  }
  return publish(counts, suppressed);
}

/** The table with the given cells hidden; all of it, total too, under MIN_CELL responses. */
function publish(counts: readonly number[], suppressed: readonly boolean[]): SuppressedTable {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < MIN_CELL) return { total: hidden, cells: counts.map(() => hidden) };
  return {
    total: { shown: true, count: total },
    cells: counts.map((count, i) => (suppressed[i] ? hidden : { shown: true, count })),
  };
}

/** How a count reads on the page. */
export function shownText(cell: ShownCount): string {
  return cell.shown ? cell.count.toLocaleString('en-GB') : 'Fewer than 5 or withheld';
}

/** A borough's figures for one question and each of its Ward Panels', suppressed together. */
export interface SuppressedFamily {
  borough: SuppressedTable;
  /** In the order given: each exactly as suppressTable shows it on its own. */
  panels: SuppressedTable[];
  /** Which panels the borough's figures count: those with MIN_CELL responses or more. */
  counted: boolean[];
}

/**
 * One question's answers in a borough's Ward Panels (`panels[p][cell]`), and the borough's figures
 * made from them so that no hidden count can be worked out by taking one table from another
 * (decision 0138). Each panel is suppressed on its own (suppressTable), and:
 *
 * 1. A panel with fewer than MIN_CELL responses (hidden whole) is left out of the borough's figures:
 *    the borough is the sum of the panels it counts, so taking those from it leaves nothing.
 * 2. The borough hides every answer that any panel it counts hides (a count under MIN_CELL in the
 *    borough is under it in every panel, so hidden there too).
 *
 * Why it holds: a panel's hidden answer is hidden in the borough, so it is never the borough's count
 * minus the other panels'; and each panel hides two answers or none, so each answer the borough
 * hides is bound up with another, in the borough and in a panel, and no equation between the tables
 * singles one out. The unit test runs the attack of someone who knows the rule on every family of two
 * and three panels up to a size.
 */
export function suppressFamily(panels: readonly (readonly number[])[]): SuppressedFamily {
  const width = panels[0]?.length ?? 0;
  if (panels.some((p) => p.length !== width)) throw new RangeError('Every panel answers the same question');
  const shown = panels.map((p) => suppressTable(p));
  const counted = shown.map((t) => t.total.shown);
  const borough = Array.from({ length: width }, (_, cell) =>
    panels.reduce((a, p, i) => a + (counted[i] ? (p[cell] ?? 0) : 0), 0),
  );
  const hiddenInAPanel = borough.map((_, cell) => shown.some((t, i) => counted[i] && !t.cells[cell]?.shown));
  return { borough: publish(borough, hiddenInAPanel), panels: shown, counted };
}
