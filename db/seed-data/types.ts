// Shapes of the content seeded from the source papers in ../shared/seeds/.
// Pure data: db/seed.ts turns these into rows. Nothing here touches the database.

export type Pillar = 'more_trust' | 'less_crime' | 'high_standards';
export type UpdateStatus = 'not_started' | 'on_track' | 'at_risk' | 'done';
export type BoroughSlug = 'camden' | 'islington';

/** One borough's commitment on a plan action: an opening statement and its bullet points. */
export interface CommitmentSeed {
  statement: string;
  points: string[];
  /** The source paper, e.g. "Camden Culture and Environment Scrutiny Committee, 7 October 2024". */
  source: string;
}

export interface ActionUpdateSeed {
  /** ISO date (YYYY-MM-DD) the update refers to: the date of the paper that reports it. */
  date: string;
  status: UpdateStatus;
  headline: string;
  /** Plain text; paragraphs separated by a blank line. */
  body: string;
  source: string;
}

/**
 * The borough a seeded update is about, read from its source paper: every paper is one
 * borough's committee. Migration 0005 fills existing rows by the same rule.
 */
export function boroughOfSource(source: string): BoroughSlug {
  if (source.startsWith('Camden ')) return 'camden';
  if (source.startsWith('Islington ')) return 'islington';
  throw new Error(`No borough for the source "${source}"`);
}

export interface PlanActionSeed {
  number: number; // 1..10
  title: string;
  /** One or two sentences a resident can read in a list. */
  summary: string;
  pillars: Pillar[];
  commitments: Record<BoroughSlug, CommitmentSeed>;
  updates: ActionUpdateSeed[];
}

/**
 * A performance dataset.
 * - 'monthly': categories are months in order; each series is a place; drawn as a line chart.
 * - 'change': categories are offence types; each value has a previous-period value, and the chart
 *   shows the percentage change per series.
 */
export interface PerformanceDatasetSeed {
  slug: string;
  title: string;
  description: string;
  kind: 'monthly' | 'change';
  unit: 'count' | 'percent';
  /** e.g. "Islington Policy and Performance Scrutiny Committee, 11 December 2023" */
  source: string;
  /** Human label for the period, e.g. "August 2022 to October 2023". */
  period: string;
  series: string[];
  rows: PerformanceRowSeed[];
}

export interface PerformanceRowSeed {
  /** Optional heading grouping categories, e.g. "Serious violence". */
  section?: string;
  category: string;
  /** series name → value (and, for 'change' datasets, the previous-period value). */
  values: Record<string, { value: number; previous?: number }>;
}
