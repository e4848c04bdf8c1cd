// Ward priorities: the rules, with no I/O and no zod (the progress-update body island imports the
// body rule from here). priorities.schema.ts builds the form rules from these numbers and words.
import type { BodyRule } from '../markdown/markdown-body.ts';

export { bodyLength, normaliseLineBreaks } from '../markdown/markdown-body.ts';

export const TITLE_MAX_LENGTH = 120;
export const REASON_MAX_LENGTH = 1000;
export const OUTCOME_MAX_LENGTH = 1000;

/** "Three or so" agreed with the panel: more than this is a list, not priorities. */
export const MAX_CURRENT_PRIORITIES = 5;

export const UPDATE_MAX_LENGTH = 3000;
export const UPDATE_RULE: BodyRule = {
  max: UPDATE_MAX_LENGTH,
  missing: 'Enter the progress update',
  tooLong: 'Progress update must be 3,000 characters or fewer',
};

export interface PriorityUpdate {
  id: number;
  updateDate: string;
  /** Markdown. */
  body: string;
  /** When staff last corrected it after posting; null if never. */
  correctedAt: Date | null;
}

export interface Priority {
  id: number;
  title: string;
  reason: string;
  setOn: string;
  /** Null while current. */
  retiredOn: string | null;
  outcome: string | null;
  /** Newest first. */
  updates: PriorityUpdate[];
}

export interface WardPriorities {
  /** Oldest agreed first: the order the panel set them in. */
  current: Priority[];
  /** Most recently retired first. */
  past: Priority[];
}

export function isCurrent(p: Pick<Priority, 'retiredOn'>): boolean {
  return p.retiredOn === null;
}

/** Newest first; on the same day, the one written last first. */
export function newestFirst<T extends { updateDate: string; id: number }>(updates: readonly T[]): T[] {
  return [...updates].sort((a, b) =>
    a.updateDate === b.updateDate ? b.id - a.id : a.updateDate < b.updateDate ? 1 : -1,
  );
}

/** Splits a ward's priorities into current and past, each in the order the ward page shows them. */
export function splitPriorities(all: readonly Priority[]): WardPriorities {
  const byId = (a: Priority, b: Priority) => a.id - b.id;
  const current = all
    .filter(isCurrent)
    .sort((a, b) => (a.setOn === b.setOn ? byId(a, b) : a.setOn < b.setOn ? -1 : 1));
  const past = all
    .filter((p) => !isCurrent(p))
    .sort((a, b) => {
      const x = a.retiredOn ?? '';
      const y = b.retiredOn ?? '';
      return x === y ? byId(b, a) : x < y ? 1 : -1;
    });
  return { current, past };
}

/** May a ward with `currentCount` current priorities take another? */
export function hasRoomForAnother(currentCount: number): boolean {
  return currentCount < MAX_CURRENT_PRIORITIES;
}

/** Is `date` on or after `day` (both YYYY-MM-DD, which sort as text)? A priority is retired, and updated, on or after the day it was set. */
export function onOrAfter(setOn: string, retiredOn: string): boolean {
  return retiredOn >= setOn;
}

/** Text splits into paragraphs at blank lines (the reason and the outcome are plain text). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
