// Residents' ballots: the rules that need no database, shared by the server, the schema and the
// island (so keep this module free of server imports and large tables). Approval voting: a voter
// chooses 1 to the round's maxChoices options; one vote per address per round, a later confirmed vote
// replacing the earlier one until the round closes.

/** The emailed code: 6 digits, 10 minutes, 5 wrong tries (one-time-secret code form). */
export const VOTE_CODE_MINUTES = 10;
export const VOTE_CODE_ATTEMPTS = 5;
/** A cast vote waits this long for its code (a new code may be asked for meanwhile), then goes. */
export const PENDING_BALLOT_MS = 60 * 60 * 1000;

export const EMAIL_MAX_LENGTH = 254;

/** The address as one vote is counted against: trimmed and in lower case (the whole address). */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/** "1 of 3 chosen" … and, past the limit, what to do about it. */
export function chosenText(chosen: number, max: number): string {
  if (chosen > max) {
    const over = chosen - max;
    return `${chosen} chosen: you can choose up to ${max}. Untick ${over} ${over === 1 ? 'option' : 'options'}.`;
  }
  return `${chosen} of ${max} chosen`;
}

/** The question's hint: how many options a voter may choose. */
export function howManyText(max: number): string {
  return max === 1 ? 'Choose 1 option.' : `Choose up to ${max} options.`;
}

export type ChoicesProblem = 'none' | 'too_many' | 'unknown';

/**
 * Checks chosen option ids against the round's options: at least one, distinct, each the round's,
 * no more than maxChoices. Returns the distinct ids in ballot order, or the problem.
 */
export function checkChoices(
  chosen: readonly number[],
  optionIds: readonly number[],
  maxChoices: number,
): { ok: true; choices: number[] } | { ok: false; problem: ChoicesProblem } {
  const set = new Set(chosen);
  if (set.size === 0) return { ok: false, problem: 'none' };
  if ([...set].some((id) => !optionIds.includes(id))) return { ok: false, problem: 'unknown' };
  if (set.size > maxChoices) return { ok: false, problem: 'too_many' };
  return { ok: true, choices: optionIds.filter((id) => set.has(id)) };
}

export function choicesMessage(problem: ChoicesProblem, max: number): string {
  switch (problem) {
    case 'none':
      return max === 1 ? 'Choose an option' : `Choose at least 1 option, up to ${max}`;
    case 'too_many':
      return `Choose no more than ${max} ${max === 1 ? 'option' : 'options'}`;
    case 'unknown':
      return 'Choose options from the list';
  }
}

/** "You have 3 tries left" after a wrong code. */
export function triesLeftText(left: number): string {
  return `The code is not correct. You have ${left} ${left === 1 ? 'try' : 'tries'} left.`;
}

// Signs for staff (never a reason to refuse a vote): counted when a vote is cast or confirmed and
// recorded in the audit log as "vote.flagged" (see ballots.server.ts).

/** A client casting more than this many votes in an hour is flagged as a burst. */
export const CLIENT_BURST_PER_HOUR = 10;
/** This many confirmed votes or more from one district in one hour of a round is a sign for staff. */
export const DISTRICT_BURST_PER_HOUR = 25;

export type VoteFlag = 'disposable_domain' | 'client_burst' | 'district_burst';

export const VOTE_FLAG_LABELS: Record<VoteFlag, string> = {
  disposable_domain: 'A vote from a disposable email domain',
  client_burst: `More than ${CLIENT_BURST_PER_HOUR} votes cast from one device or network in an hour`,
  district_burst: `${DISTRICT_BURST_PER_HOUR} or more confirmed votes from one postcode district in one hour`,
};
