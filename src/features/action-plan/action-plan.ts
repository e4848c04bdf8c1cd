// The Local Action Plan's vocabulary: pillars, update statuses and their labels. No I/O.

export const PILLARS = ['more_trust', 'less_crime', 'high_standards'] as const;
export type Pillar = (typeof PILLARS)[number];

export const PILLAR_LABELS: Record<Pillar, string> = {
  more_trust: 'More trust',
  less_crime: 'Less crime',
  high_standards: 'High standards',
};

/** URL form of a pillar: `more-trust`. */
export function pillarSlug(pillar: Pillar): string {
  return pillar.replace('_', '-');
}

export function pillarFromSlug(slug: string): Pillar | null {
  const value = slug.replace('-', '_');
  return (PILLARS as readonly string[]).includes(value) ? (value as Pillar) : null;
}

export const UPDATE_STATUSES = ['not_started', 'on_track', 'at_risk', 'done'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export const STATUS_LABELS: Record<UpdateStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  done: 'Done',
};

/** govuk-tag colour modifiers: the text says the status too, colour is never the only cue. */
export const STATUS_TAG_CLASS: Record<UpdateStatus, string> = {
  not_started: 'govuk-tag--grey',
  on_track: 'govuk-tag--blue',
  at_risk: 'govuk-tag--orange',
  done: 'govuk-tag--green',
};

/** Which borough a progress update is about: one, or the whole command. */
export const PLAN_UPDATE_BOROUGHS = ['camden', 'islington', 'both'] as const;
export type PlanUpdateBorough = (typeof PLAN_UPDATE_BOROUGHS)[number];

export const PLAN_UPDATE_BOROUGH_LABELS: Record<PlanUpdateBorough, string> = {
  camden: 'Camden',
  islington: 'Islington',
  both: 'Camden and Islington',
};

export interface Commitment {
  boroughSlug: string;
  boroughName: string;
  statement: string;
  points: string[];
  source: string;
}

export interface ActionUpdate {
  id: number;
  updateDate: string;
  status: UpdateStatus;
  headline: string;
  body: string;
  source: string | null;
  /** Null on updates written before boroughs were recorded. */
  borough: PlanUpdateBorough | null;
}

export interface PlanActionSummary {
  number: number;
  title: string;
  summary: string;
  pillars: Pillar[];
  /** The most recent update's status, or null when nothing has been reported yet. */
  latestStatus: UpdateStatus | null;
  latestUpdateDate: string | null;
  commitments: Commitment[];
}

export interface PlanActionDetail extends PlanActionSummary {
  updates: ActionUpdate[];
}

/** Splits a plain-text body into paragraphs on blank lines. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

// Dates are formatted in one place for the whole portal.
export { formatDate } from '../../lib/format.ts';
