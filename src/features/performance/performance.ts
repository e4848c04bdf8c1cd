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

// Charts fit the width they are shown at (WCAG 1.4.10) with no sideways scrolling: positions are
// percentages of the chart's width or height (SVG `x="37.5%"`, or a stretched `viewBox="0 0 100 100"`
// for lines and bars), so a chart follows its container while its text stays at its own size and
// scales with the reader's text setting. Axis labels are chosen per width: each label lists the width
// tiers it fits at, and the stylesheet shows it only there (container queries, no JavaScript).

/**
 * Chart widths (rem) from which the stylesheet shows another set of axis labels: `$cn-chart-tiers` in
 * src/styles/_portal.scss, which a unit test keeps equal to this. The first is the narrowest chart
 * designed for: a 320 px screen with the browser's text at 200% (9 rem of 32 px).
 */
export const CHART_TIERS_REM = [9, 16, 24, 32, 40, 48] as const;
/**
 * From this width (`$cn-chart-wide`) a bar chart sets offence, bars and figures side by side, and a
 * line chart is drawn taller.
 */
export const CHART_WIDE_REM = 40;
/** Side by side, the offence column's greatest width and the gaps between columns (as in `.cn-bars`). */
const BAR_CATEGORY_REM = 13;
const BAR_GAP_REM = 1;
/** Chart text is 0.875 rem (`.cn-chart__frame svg`); figures beside bars are 1 rem (`.cn-bars__value`). */
const AXIS_TEXT_REM = 0.875;
const FIGURE_TEXT_REM = 1;
/** The least space between two axis labels. */
const LABEL_GAP_REM = 0.75;

/**
 * A generous width of a text in em: the portal uses the system font, and on Linux that is often
 * DejaVu Sans, whose figures, signs and "%" are wider than most. Overestimating only costs a label.
 */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch === '%') em += 0.95;
    else if ('−+–'.includes(ch)) em += 0.84;
    else if (',. :'.includes(ch)) em += 0.33;
    else if (/[A-Z]/.test(ch)) em += 0.75;
    else em += 0.62;
  }
  return em;
}

export type Anchor = 'start' | 'middle' | 'end';

/** Evenly spaced axis labels: the first starts at its point, the last ends at it, others centre on it. */
export function anchorOf(index: number, count: number): Anchor {
  if (count > 1 && index === 0) return 'start';
  if (count > 1 && index === count - 1) return 'end';
  return 'middle';
}

/** Position of label `index` of `count` evenly spaced ones, as a percentage of the axis. */
function positionOf(index: number, count: number): number {
  return count <= 1 ? 50 : (index * 100) / (count - 1);
}

/**
 * Which of an axis's evenly spaced labels (`widthsRem` each) to show on an axis `axisRem` wide, none
 * touching another or past either end: every `step`-th label counted from `from` (0 for months, the
 * zero tick for changes), with the smallest step that fits. Counting from 0, a step that divides the
 * axis (so that the last label shows too) is preferred when it is under twice as long. With `ends`,
 * the first and last labels are added wherever they still fit.
 */
export function labelsThatFit(
  widthsRem: number[],
  axisRem: number,
  options: { from?: number; ends?: boolean } = {},
): number[] {
  const n = widthsRem.length;
  const from = options.from ?? 0;
  const extent = (i: number): [number, number] => {
    const x = (positionOf(i, n) / 100) * axisRem;
    const w = widthsRem[i] ?? 0;
    const anchor = anchorOf(i, n);
    return anchor === 'start' ? [x, x + w] : anchor === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
  };
  const apart = (set: number[]): boolean =>
    set.every((i, k) => {
      const [left, right] = extent(i);
      if (left < -0.01 || right > axisRem + 0.01) return false;
      const next = set[k + 1];
      return next === undefined || extent(next)[0] - right >= LABEL_GAP_REM;
    });
  const stepped = (step: number): number[] =>
    Array.from({ length: n }, (_, i) => i).filter((i) => (i - from) % step === 0);
  let step = 1;
  while (step < n && !apart(stepped(step))) step++;
  let chosen = stepped(step);
  if (!apart(chosen)) return [];
  if (from === 0) {
    for (let d = step; d < 2 * step && d < n; d++) {
      if ((n - 1) % d === 0 && apart(stepped(d))) {
        chosen = stepped(d);
        break;
      }
    }
  }
  if (options.ends) {
    for (const end of [0, n - 1]) {
      const withEnd = [...new Set([...chosen, end])].sort((a, b) => a - b);
      if (apart(withEnd)) chosen = withEnd;
    }
  }
  return chosen;
}

/** For each label, the tiers (indexes into CHART_TIERS_REM) at which it is shown. */
export function labelTiers(
  widthsRem: number[],
  axisRemAt: (chartRem: number) => number,
  options: { from?: number; ends?: boolean } = {},
): number[][] {
  const tiers = widthsRem.map((): number[] => []);
  CHART_TIERS_REM.forEach((chartRem, t) => {
    for (const i of labelsThatFit(widthsRem, axisRemAt(chartRem), options)) tiers[i]?.push(t);
  });
  return tiers;
}

export interface AxisLabel {
  /** Percentage along the axis. */
  at: number;
  /** The label's lines (month and year on two lines). */
  lines: string[];
  anchor: Anchor;
  /** Indexes into CHART_TIERS_REM of the chart widths at which the label is shown. */
  tiers: number[];
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

export interface LineChart {
  /** Width (rem) of the column of value labels left of the plot. */
  gutterRem: number;
  /** Gridlines with their labels, `at` a percentage of the plot's height from its top. */
  yTicks: { value: number; at: number; label: string }[];
  /** One entry per month, `at` a percentage of the plot's width; only some carry a label at a width. */
  xLabels: AxisLabel[];
  /** Points as percentages of the plot (x from the left, y from the top). */
  lines: { series: string; style: SeriesStyle; points: { x: number; y: number }[]; path: string }[];
}

/** The space between the value labels' column and the plot (`.cn-lines` column gap), and past the plot. */
const LINE_GAP_REM = 0.5;

export function lineChart(d: Dataset): LineChart {
  const all = d.values.map((v) => v.value);
  const lo = d.unit === 'percent' ? Math.min(...all) : 0;
  const ticks = niceTicks(Math.min(lo, ...all), Math.max(...all));
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const n = d.categories.length;
  const x = (i: number): number => round2(positionOf(i, n));
  const y = (v: number): number => round2(100 - ((v - yMin) / (yMax - yMin || 1)) * 100);
  const yLabels = ticks.map((t) => formatValue(t, d.unit));
  const gutterRem = round2(
    Math.max(...yLabels.map((l) => textWidthEm(l))) * AXIS_TEXT_REM + LABEL_GAP_REM / 2,
  );
  const monthLines = d.categories.map((c) => wrapLabel(c.category, 5));
  const widths = monthLines.map((lines) => Math.max(...lines.map((l) => textWidthEm(l))) * AXIS_TEXT_REM);
  const tiers = labelTiers(widths, (chartRem) => chartRem - gutterRem - 2 * LINE_GAP_REM);
  return {
    gutterRem,
    yTicks: ticks.map((t, i) => ({ value: t, at: y(t), label: yLabels[i] ?? '' })),
    xLabels: monthLines.map((lines, i) => ({
      at: x(i),
      lines,
      anchor: anchorOf(i, n),
      tiers: tiers[i] ?? [],
    })),
    lines: d.series.map((series, si) => {
      const points = d.categories.flatMap((c, i) => {
        const v = cellOf(d, c.category, series);
        return v ? [{ x: x(i), y: y(v.value) }] : [];
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
  /** The scale under the bars, `at` a percentage of a bar's track. */
  ticks: (AxisLabel & { value: number })[];
  /** Where zero is, as a percentage of the track. */
  zeroAt: number;
  rows: {
    category: string;
    bars: {
      series: string;
      style: SeriesStyle;
      /** Start and width of the bar as percentages of the track (0 wide without a change). */
      from: number;
      width: number;
      change: number | null;
      /** The change in words: "+4.4%", "no change", "no previous figure". */
      label: string;
    }[];
  }[];
}

/** How a change reads on a chart's scale: "−80%", "0%", "+20%". */
export function formatTick(value: number): string {
  if (value === 0) return '0%';
  return `${value > 0 ? '+' : '−'}${Math.abs(value)}%`;
}

/**
 * Horizontal bars of percentage change, one group per category, one bar per series that has a
 * figure. Falls run left of zero and rises right of it; every bar's change is also written out.
 */
export function changeChart(d: Dataset): ChangeChart {
  const changes = d.values
    .map((v) => percentChange(v.value, v.previousValue))
    .filter((c): c is number => c !== null);
  const values = niceTicks(Math.min(0, ...changes), Math.max(0, ...changes), 6);
  const lo = values[0] ?? 0;
  const hi = values[values.length - 1] ?? 0;
  const at = (v: number): number => round2(((v - lo) / (hi - lo || 1)) * 100);
  const multi = d.series.length > 1;
  const rows = d.categories.map((c) => ({
    category: c.category,
    bars: d.series.flatMap((series, si) => {
      const v = cellOf(d, c.category, series);
      if (!v) return [];
      const change = percentChange(v.value, v.previousValue);
      const from = at(Math.min(0, change ?? 0));
      const to = at(Math.max(0, change ?? 0));
      return [
        { series, style: styleFor(si), from, width: round2(to - from), change, label: formatChange(change) },
      ];
    }),
  }));
  // Side by side, the figures' column is as wide as the widest figure (with its series name).
  const figureRem = Math.max(
    0,
    ...rows.flatMap((r) =>
      r.bars.map((b) => textWidthEm(multi ? `${b.series} ${b.label}` : b.label) * FIGURE_TEXT_REM),
    ),
  );
  const trackRemAt = (chartRem: number): number =>
    chartRem < CHART_WIDE_REM ? chartRem : chartRem - BAR_CATEGORY_REM - figureRem - 2 * BAR_GAP_REM;
  const labels = values.map(formatTick);
  const tiers = labelTiers(
    labels.map((l) => textWidthEm(l) * AXIS_TEXT_REM),
    trackRemAt,
    { from: values.indexOf(0), ends: true },
  );
  return {
    ticks: values.map((value, i) => ({
      value,
      at: at(value),
      lines: [labels[i] ?? ''],
      anchor: anchorOf(i, values.length),
      tiers: tiers[i] ?? [],
    })),
    zeroAt: at(0),
    rows,
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
