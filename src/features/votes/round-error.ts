// What a rule of running a vote round refused; the action layer words it (action-errors.ts).
import { DomainError } from '../../lib/domain-error.ts';

export type RoundErrorCode =
  /** No such round, or its ward is outside the member's scope. */
  | 'not_found'
  /** The ward already has a round whose decision is not recorded. */
  | 'one_at_a_time'
  /** Someone has voted: only the close may move (later). */
  | 'has_votes'
  /** Closed (or decided): voting can no longer change. */
  | 'not_running'
  /** An extension must close later than the round now does. */
  | 'not_later'
  /** A decision needs a closed round without one. */
  | 'not_closed'
  | 'decided'
  /** The decision's date is before voting closed. */
  | 'decided_before_close'
  /** A chosen option not of this round, or a replaced priority not current in its ward. */
  | 'unknown_option'
  | 'unknown_priority'
  /** The new priorities would take the ward past MAX_CURRENT_PRIORITIES. */
  | 'too_many';

export class RoundError extends DomainError<'round', RoundErrorCode, { closedOn?: string }> {
  constructor(code: RoundErrorCode, details: { closedOn?: string } = {}) {
    super('round', code, details, `Vote round: ${code}`);
    this.name = 'RoundError';
  }
}
