import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHART_TIERS_REM,
  CHART_WIDE_REM,
  changeChart,
  type Dataset,
  formatChange,
  formatValue,
  labelsThatFit,
  lineChart,
  niceTicks,
  percentChange,
  textWidthEm,
  wrapLabel,
} from './performance.ts';

function monthly(): Dataset {
  const months = ['Jan', 'Feb', 'Mar'];
  return {
    slug: 'm',
    title: 'Calls',
    description: '',
    kind: 'monthly',
    unit: 'count',
    period: '',
    source: '',
    series: ['A', 'B'],
    categories: months.map((category) => ({ category, section: null })),
    values: months.flatMap((category, i) => [
      { section: null, category, series: 'A', value: 100 + i * 50, previousValue: null },
      { section: null, category, series: 'B', value: 400 - i * 100, previousValue: null },
    ]),
  };
}

describe('percentChange', () => {
  it('matches the committee paper to one decimal place', () => {
    expect(percentChange(623, 597)).toBe(4.4);
    expect(percentChange(1521, 1715)).toBe(-11.3);
    expect(percentChange(4, 12)).toBe(-66.7);
    expect(percentChange(0, 5)).toBe(-100);
  });
  it('has no answer without a previous figure', () => {
    expect(percentChange(4, 0)).toBeNull();
    expect(percentChange(4, null)).toBeNull();
  });
  it('formats with a sign, a true minus and "no change"', () => {
    expect(formatChange(4.4)).toBe('+4.4%');
    expect(formatChange(-11.3)).toBe('−11.3%');
    expect(formatChange(0)).toBe('no change');
    expect(formatChange(null)).toBe('no previous figure');
  });
});

describe('formatValue', () => {
  it('groups thousands and keeps printed precision for percentages', () => {
    expect(formatValue(38662, 'count')).toBe('38,662');
    expect(formatValue(85.855, 'percent')).toBe('85.86%');
    expect(formatValue(95, 'percent')).toBe('95%');
  });
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0, 894)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(-66.7, 23, 6)).toEqual([-80, -60, -40, -20, 0, 20, 40]);
  });
  it('copes with a flat range', () => {
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

describe('lineChart', () => {
  it('draws one line per series, its points as percentages of the plot', () => {
    const chart = lineChart(monthly());
    expect(chart.lines.map((l) => l.series)).toEqual(['A', 'B']);
    for (const line of chart.lines) {
      expect(line.points.map((p) => p.x)).toEqual([0, 50, 100]);
      for (const p of line.points) {
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(100);
      }
      expect(line.path.startsWith('M0 ')).toBe(true);
    }
    // Higher values sit higher on the page (smaller y); the scale runs 0–400 for these counts.
    const a = chart.lines[0]?.points ?? [];
    expect(a.map((p) => p.y)).toEqual([75, 62.5, 50]);
    expect(chart.yTicks.map((t) => [t.label, t.at])).toContainEqual(['400', 0]);
    expect(chart.yTicks.map((t) => [t.label, t.at])).toContainEqual(['0', 100]);
  });
  it('gives each series a different dash or marker, not only a colour', () => {
    const [a, b] = lineChart(monthly()).lines;
    expect(a?.style.marker).not.toBe(b?.style.marker);
    expect(a?.style.dash).not.toBe(b?.style.dash);
  });
  it('leaves room left of the plot for the widest value label', () => {
    const chart = lineChart(monthly());
    // "400" at 0.875 rem and a little space.
    expect(chart.gutterRem).toBeCloseTo(3 * 0.64 * 0.875 + 0.375, 2);
  });
  it('labels fewer months on a narrow chart, and the first and last where they fit', () => {
    const months = Array.from(
      { length: 15 },
      (_, i) =>
        `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][(i + 7) % 12]} ${2022 + Math.floor((i + 7) / 12)}`,
    );
    const d: Dataset = {
      ...monthly(),
      series: ['A'],
      categories: months.map((category) => ({ category, section: null })),
      values: months.map((category, i) => ({
        section: null,
        category,
        series: 'A',
        value: 500 + i,
        previousValue: null,
      })),
    };
    const chart = lineChart(d);
    const shownAt = (tier: number) =>
      chart.xLabels.filter((l) => l.tiers.includes(tier)).map((l) => l.lines.join(' '));
    expect(chart.xLabels[0]?.lines).toEqual(['Aug', '2022']);
    expect(chart.xLabels[0]?.anchor).toBe('start');
    expect(chart.xLabels[14]?.anchor).toBe('end');
    // 9 rem (a 320 px phone with text at 200%): the first and last; 16 rem (the same phone at 100%):
    // the middle one as well.
    expect(shownAt(0)).toEqual(['Aug 2022', 'Oct 2023']);
    expect(shownAt(1)).toEqual(['Aug 2022', 'Mar 2023', 'Oct 2023']);
    // 48 rem: every other month.
    expect(shownAt(5)).toHaveLength(8);
  });
});

describe('changeChart', () => {
  const d: Dataset = {
    ...monthly(),
    kind: 'change',
    series: ['Islington'],
    categories: [
      { category: 'Robbery', section: null },
      { category: 'Burglary', section: null },
      { category: 'Homicide', section: null },
      { category: 'Discharges', section: null },
    ],
    values: [
      { section: null, category: 'Robbery', series: 'Islington', value: 623, previousValue: 597 },
      { section: null, category: 'Burglary', series: 'Islington', value: 50, previousValue: 100 },
      { section: null, category: 'Homicide', series: 'Islington', value: 4, previousValue: 4 },
      { section: null, category: 'Discharges', series: 'Islington', value: 3, previousValue: 0 },
    ],
  };

  it('draws falls to the left of zero and rises to the right, as percentages of the track', () => {
    const chart = changeChart(d);
    expect(chart.ticks.map((t) => t.lines[0])).toEqual([
      '−50%',
      '−40%',
      '−30%',
      '−20%',
      '−10%',
      '0%',
      '+10%',
    ]);
    expect(chart.zeroAt).toBe(83.33);
    const [rise, fall] = chart.rows.map((r) => r.bars[0]);
    expect(rise).toMatchObject({ from: 83.33, width: 7.34, label: '+4.4%' });
    expect(fall).toMatchObject({ from: 0, width: 83.33, label: '−50.0%' });
  });
  it('writes out a change it cannot draw', () => {
    const [, , same, none] = changeChart(d).rows.map((r) => r.bars[0]);
    expect(same).toMatchObject({ width: 0, change: 0, label: 'no change' });
    expect(none).toMatchObject({ width: 0, change: null, label: 'no previous figure' });
  });
  it('always labels zero on its scale', () => {
    const chart = changeChart(d);
    const zero = chart.ticks.find((t) => t.value === 0);
    expect(zero?.tiers).toEqual(CHART_TIERS_REM.map((_, i) => i));
  });
});

describe('labelsThatFit', () => {
  const five = [2, 2, 2, 2, 2];
  it('keeps every label when there is room, and never lets two touch or leave the axis', () => {
    expect(labelsThatFit(five, 40)).toEqual([0, 1, 2, 3, 4]);
    // 10 rem apart is enough for two 2 rem labels; 4 rem between the anchored ends and the centre.
    expect(labelsThatFit(five, 11)).toEqual([0, 2, 4]);
    expect(labelsThatFit(five, 5)).toEqual([0, 4]);
    expect(labelsThatFit(five, 4.5)).toEqual([0]);
    expect(labelsThatFit(five, 3)).toEqual([0]);
    expect(labelsThatFit(five, 1)).toEqual([]);
  });
  it('counts from the label it must keep, and adds the ends where they still fit', () => {
    expect(labelsThatFit(five, 11, { from: 3 })).toEqual([1, 3]);
    expect(labelsThatFit(five, 11, { from: 3, ends: true })).toEqual([1, 3]);
    expect(labelsThatFit(five, 20, { from: 3, ends: true })).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the chart widths', () => {
  it('are the same in the stylesheet as here', () => {
    const scss = readFileSync(new URL('../../styles/_portal.scss', import.meta.url), 'utf8');
    const tiers = scss.match(/\$cn-chart-tiers: \(([^)]*)\)/)?.[1];
    expect(tiers?.split(',').map((t) => Number.parseFloat(t))).toEqual([...CHART_TIERS_REM]);
    expect(scss).toContain(`$cn-chart-wide: ${CHART_WIDE_REM}rem;`);
  });
});

describe('textWidthEm', () => {
  it('allows for wide signs and figures', () => {
    expect(textWidthEm('−100%')).toBeCloseTo(0.84 + 3 * 0.64 + 0.95, 5);
    expect(textWidthEm('2,000')).toBeCloseTo(4 * 0.64 + 0.33, 5);
  });
});

describe('wrapLabel', () => {
  it('keeps short labels whole and splits long ones at spaces', () => {
    expect(wrapLabel('Personal robbery', 22)).toEqual(['Personal robbery']);
    expect(wrapLabel('Aggravated taking of motor vehicle', 22)).toEqual([
      'Aggravated taking of',
      'motor vehicle',
    ]);
    expect(wrapLabel('Supercalifragilisticexpialidocious word', 10)).toEqual([
      'Supercalifragilisticexpialidocious',
      'word',
    ]);
  });
});
