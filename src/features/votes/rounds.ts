// Vote rounds: the rules that need no database. A round's state follows from its times and what
// staff recorded; nothing has to run for a round to open or close on time (the scheduler only
// announces it: purges the ward's cached pages and stamps opened_at / closed_at).

/** The parts of a round its state depends on. */
export interface RoundTimes {
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  decidedAt: Date | null;
}

/**
 * - scheduled: not open yet;
 * - open: taking votes;
 * - closed: no more votes, the panel's decision not yet recorded;
 * - decided: the decision is recorded and the results are final (voters' address hashes erased).
 */
export type RoundState = 'scheduled' | 'open' | 'closed' | 'decided';

export function roundState(round: RoundTimes, now: Date): RoundState {
  if (round.decidedAt) return 'decided';
  if (round.closedAt && round.closedAt <= now) return 'closed';
  if (now >= round.closesAt) return 'closed';
  if (now < round.opensAt) return 'scheduled';
  return 'open';
}

/** When the round stopped (or will stop) taking votes: closed early, or its close time. */
export function effectiveClose(round: Pick<RoundTimes, 'closesAt' | 'closedAt'>): Date {
  return round.closedAt && round.closedAt < round.closesAt ? round.closedAt : round.closesAt;
}

export const DEFAULT_MAX_CHOICES = 3;
export const MAX_OPTIONS = 10;
export const MIN_OPTIONS = 2;
export const OPTION_TITLE_MAX_LENGTH = 120;
export const OPTION_DESCRIPTION_MAX_LENGTH = 300;

/** One option's count in a tally. */
export interface OptionCount {
  optionId: number;
  votes: number;
}

/**
 * The tally of stored ballots, recounted in memory: each ballot counts once for each distinct option
 * of the round it chose (approval voting). Options nobody chose count 0. The reference the SQL tally
 * is tested against.
 */
export function recount(
  optionIds: readonly number[],
  ballots: readonly { choices: readonly number[] }[],
): OptionCount[] {
  const counts = new Map(optionIds.map((id) => [id, 0]));
  for (const ballot of ballots) {
    for (const id of new Set(ballot.choices)) {
      const current = counts.get(id);
      if (current !== undefined) counts.set(id, current + 1);
    }
  }
  return optionIds.map((optionId) => ({ optionId, votes: counts.get(optionId) ?? 0 }));
}

// Staff running a round: what may be done in each state, and the words.

export const CLOSE_REASON_MAX_LENGTH = 500;
export const DECISION_REASON_MAX_LENGTH = 600;
/** How many suggested options the "new round" page offers: the most reported categories first. */
export const MAX_SUGGESTIONS = 5;
/** How far back the suggestions look: the ward's concerns of the last three months. */
export const SUGGESTION_MONTHS = 3;

export const ROUND_STATE_LABELS: Record<RoundState, string> = {
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed: decision to record',
  decided: 'Decided',
};

/** Options, times and how many choices may change only before anyone has voted, and never once it has closed. */
export function isEditable(state: RoundState, confirmedBallots: number): boolean {
  return (state === 'scheduled' || state === 'open') && confirmedBallots === 0;
}

/** A round not yet closed may be extended (closes later) or closed early, votes or not. */
export function isRunning(state: RoundState): boolean {
  return state === 'scheduled' || state === 'open';
}

/** May the ward hold `chosen` new priorities once `replaced` of its `current` ones are retired? */
export function decisionFits(current: number, replaced: number, chosen: number, max: number): boolean {
  return current - replaced + chosen <= max;
}

/** The "why it was chosen" of a priority a round's decision made current. */
export function priorityReasonFromDecision(decisionReason: string, votes: number, turnout: number): string {
  const share =
    turnout === 0
      ? 'No residents voted in the ward’s priority vote.'
      : `${votes} of the ${turnout} ${turnout === 1 ? 'resident' : 'residents'} who voted in the ward’s priority vote chose it.`;
  return `${decisionReason}\n\n${share}`;
}

export interface Suggestion {
  title: string;
  description: string;
  /** How many concerns of that category the ward had in the period. */
  reports: number;
}

/** The ward's most reported concern categories as ballot options, most reported first. */
export function suggestionsFrom(
  counts: readonly { label: string; reports: number }[],
  max = MAX_SUGGESTIONS,
): Suggestion[] {
  return [...counts]
    .filter((c) => c.reports > 0)
    .sort((a, b) => b.reports - a.reports || (a.label < b.label ? -1 : 1))
    .slice(0, max)
    .map(({ label, reports }) => ({
      title: label,
      description: `Make ${label.toLowerCase()} a focus of the ward team’s patrols and work with partners.`,
      reports,
    }));
}
