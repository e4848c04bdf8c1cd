// What the residents' voting refused; the action layer words it (src/server/astro/action-errors.ts).
import { DomainError } from '../../lib/domain-error.ts';
import type { ChoicesProblem } from './ballots.ts';

export type VoteErrorCode =
  /** No round of this ward is taking votes (none, not yet open, closed, or decided). */
  | 'not_open'
  /** The chosen options break the round's rules (details.problem, details.maxChoices). */
  | 'choices'
  /** No vote waiting for a code in this browser (never cast, expired, or already confirmed). */
  | 'no_pending'
  /** A wrong code: details.attemptsLeft more tries (0: the code is burnt). */
  | 'wrong_code'
  /** No live code: expired, burnt or used. Ask for a new one. */
  | 'no_code'
  /** A new code asked for with another address than the vote was cast with. */
  | 'other_address'
  /** The round closed between casting and confirming. */
  | 'closed'
  /** Over a per-client limit (details.retryAfterSeconds). */
  | 'too_many';

export interface VoteErrorDetails {
  problem?: ChoicesProblem;
  maxChoices?: number;
  attemptsLeft?: number;
  retryAfterSeconds?: number;
  what?: 'cast' | 'code' | 'resend';
}

export class VoteError extends DomainError<'vote', VoteErrorCode, VoteErrorDetails> {
  constructor(code: VoteErrorCode, details: VoteErrorDetails = {}) {
    super('vote', code, details, `Vote: ${code}`);
    this.name = 'VoteError';
  }
}
