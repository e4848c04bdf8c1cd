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
