import { describe, expect, it } from 'vitest';
import {
  changeChart,
  type Dataset,
  formatChange,
  formatValue,
  lineChart,
  niceTicks,
  percentChange,
  wrapLabel,
} from './performance.ts';

const box = { width: 700, height: 300, top: 10, right: 20, bottom: 40, left: 60 };

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
  it('draws one line per series inside the plot area', () => {
    const chart = lineChart(monthly(), box);
    expect(chart.lines.map((l) => l.series)).toEqual(['A', 'B']);
    for (const line of chart.lines) {
      expect(line.points).toHaveLength(3);
      for (const p of line.points) {
        expect(p.x).toBeGreaterThanOrEqual(box.left);
        expect(p.x).toBeLessThanOrEqual(box.width - box.right);
        expect(p.y).toBeGreaterThanOrEqual(box.top);
        expect(p.y).toBeLessThanOrEqual(box.height - box.bottom);
      }
      expect(line.path.startsWith('M')).toBe(true);
    }
    // Higher values sit higher on the page (smaller y).
    const a = chart.lines[0]?.points ?? [];
    expect(a[2]?.y).toBeLessThan(a[0]?.y ?? 0);
  });
  it('gives each series a different dash or marker, not only a colour', () => {
    const [a, b] = lineChart(monthly(), box).lines;
    expect(a?.style.marker).not.toBe(b?.style.marker);
    expect(a?.style.dash).not.toBe(b?.style.dash);
  });
});

describe('changeChart', () => {
  it('draws falls to the left of zero and rises to the right', () => {
    const d: Dataset = {
      ...monthly(),
      kind: 'change',
      series: ['Islington'],
      categories: [
        { category: 'Robbery', section: null },
        { category: 'Burglary', section: null },
      ],
      values: [
        { section: null, category: 'Robbery', series: 'Islington', value: 623, previousValue: 597 },
        { section: null, category: 'Burglary', series: 'Islington', value: 50, previousValue: 100 },
      ],
    };
    const chart = changeChart(d, box, 30);
    const [rise, fall] = chart.rows.map((r) => r.bars[0]);
    expect(rise?.x).toBe(chart.zeroX);
    expect(rise?.label).toBe('+4.4%');
    expect((fall?.x ?? 0) + (fall?.width ?? 0)).toBeCloseTo(chart.zeroX, 0);
    expect(fall?.label).toBe('−50.0%');
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
