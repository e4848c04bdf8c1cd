// Performance datasets: types, formatting and the geometry of their charts. No I/O.
// Charts are drawn on the server as SVG; each sits beside a data table with the same figures.

export interface DatasetValue {
  section: string | null;
  category: string;
  series: string;
  value: number;
  previousValue: number | null;
}

export interface Dataset {
  slug: string;
  title: string;
  description: string;
  kind: 'monthly' | 'change';
  unit: 'count' | 'percent';
  period: string;
  source: string;
  series: string[];
  /** Categories in order, each with its section heading (if any). */
  categories: { category: string; section: string | null }[];
  values: DatasetValue[];
}

export function cellOf(d: Dataset, category: string, series: string): DatasetValue | undefined {
  return d.values.find((v) => v.category === category && v.series === series);
}

/** Percentage change from previous to current, one decimal place; null when undefined. */
export function percentChange(current: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

const countFormat = new Intl.NumberFormat('en-GB');
const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatValue(value: number, unit: Dataset['unit']): string {
  return unit === 'percent' ? `${percentFormat.format(value)}%` : countFormat.format(value);
}

export function formatChange(change: number | null): string {
  if (change === null) return 'no previous figure';
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}%`;
}

/** Round tick values covering [min, max]: 1, 2 or 5 × 10^n steps. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

/** Line styles told apart by dash and marker, not only by colour (WCAG 1.4.1). */
export const SERIES_STYLES = [
  { colour: '#1d70b8', dash: '', marker: 'circle' },
  { colour: '#d4351c', dash: '6 4', marker: 'square' },
  { colour: '#0b0c0c', dash: '2 3', marker: 'triangle' },
  { colour: '#00703c', dash: '10 3 2 3', marker: 'diamond' },
] as const;
export type SeriesStyle = (typeof SERIES_STYLES)[number];

export function styleFor(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length] as SeriesStyle;
}

export interface Box {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface LineChart {
  box: Box;
  yTicks: { value: number; y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  lines: { series: string; style: SeriesStyle; points: { x: number; y: number }[]; path: string }[];
}

export function lineChart(d: Dataset, box: Box): LineChart {
  const all = d.values.map((v) => v.value);
  const lo = d.unit === 'percent' ? Math.min(...all) : 0;
  const ticks = niceTicks(Math.min(lo, ...all), Math.max(...all));
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const n = d.categories.length;
  const x = (i: number): number => box.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => box.top + plotH - ((v - yMin) / (yMax - yMin || 1)) * plotH;
  const round = (v: number): number => Math.round(v * 10) / 10;
  return {
    box,
    yTicks: ticks.map((t) => ({ value: t, y: round(y(t)), label: formatValue(t, d.unit) })),
    // Every label on a wide chart; every other label when there are many months.
    xLabels: d.categories
      .map((c, i) => ({ x: round(x(i)), label: c.category, i }))
      .filter(({ i }) => n <= 8 || i % 2 === 0)
      .map(({ x: px, label }) => ({ x: px, label })),
    lines: d.series.map((series, si) => {
      const points = d.categories.flatMap((c, i) => {
        const v = cellOf(d, c.category, series);
        return v ? [{ x: round(x(i)), y: round(y(v.value)) }] : [];
      });
      return {
        series,
        style: styleFor(si),
        points,
        path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' '),
      };
    }),
  };
}

export interface ChangeChart {
  box: Box;
  zeroX: number;
  xTicks: { value: number; x: number; label: string }[];
  rows: {
    category: string;
    y: number;
    bars: {
      series: string;
      style: SeriesStyle;
      x: number;
      y: number;
      width: number;
      height: number;
      change: number;
      label: string;
    }[];
  }[];
}

/** Horizontal bars of percentage change, one group per category, one bar per series. */
export function changeChart(d: Dataset, box: Box, rowHeight: number): ChangeChart {
  const changes = d.values
    .map((v) => percentChange(v.value, v.previousValue))
    .filter((c): c is number => c !== null);
  const ticks = niceTicks(Math.min(0, ...changes), Math.max(0, ...changes), 6);
  const lo = ticks[0] ?? 0;
  const hi = ticks[ticks.length - 1] ?? 0;
  const plotW = box.width - box.left - box.right;
  const x = (v: number): number => box.left + ((v - lo) / (hi - lo || 1)) * plotW;
  const round = (v: number): number => Math.round(v * 10) / 10;
  const barH = Math.max(6, (rowHeight - 8) / Math.max(1, d.series.length));
  return {
    box,
    zeroX: round(x(0)),
    xTicks: ticks.map((t) => ({ value: t, x: round(x(t)), label: `${t}%` })),
    rows: d.categories.map((c, ci) => {
      const rowTop = box.top + ci * rowHeight;
      return {
        category: c.category,
        y: round(rowTop + rowHeight / 2),
        bars: d.series.flatMap((series, si) => {
          const v = cellOf(d, c.category, series);
          const change = v ? percentChange(v.value, v.previousValue) : null;
          if (change === null) return [];
          const x0 = x(Math.min(0, change));
          const x1 = x(Math.max(0, change));
          return [
            {
              series,
              style: styleFor(si),
              x: round(x0),
              y: round(rowTop + 4 + si * barH),
              width: round(Math.max(1, x1 - x0)),
              height: round(barH - 2),
              change,
              label: formatChange(change),
            },
          ];
        }),
      };
    }),
  };
}

/**
 * A chart label split into lines of at most `maxChars` characters at spaces (a longer single word
 * keeps its own line), so long offence names fit beside their bars instead of being cut off.
 */
export function wrapLabel(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
