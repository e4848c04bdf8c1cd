// What staff triage refuses, as errors the actions map to form messages.
import { DomainError } from '../../lib/domain-error.ts';
import type { PiiKind } from './concerns.ts';

export type TriageErrorCode =
  | 'not_found'
  | 'personal_details'
  | 'refused'
  | 'ward_not_allowed'
  | 'original_not_found';

export class ConcernNotFoundError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'not_found', {}, 'Concern not found');
  }
}
/** The public note looks like it holds a personal detail and the member has not confirmed it. */
export class PersonalDetailsError extends DomainError<'triage', TriageErrorCode, { kinds: PiiKind[] }> {
  readonly kinds: PiiKind[];
  constructor(kinds: PiiKind[]) {
    super('triage', 'personal_details', { kinds }, 'Public note holds personal details');
    this.kinds = kinds;
  }
}
/** A change the concern's state does not allow: `message` is what the member is told. */
export class TriageRefusedError extends DomainError<'triage', TriageErrorCode> {
  constructor(message: string) {
    super('triage', 'refused', {}, message);
  }
}
/** The ward asked for does not exist, or is not the member's to put a concern in. */
export class WardNotAllowedError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'ward_not_allowed', {}, 'Choose a ward from the list');
  }
}
/** The reference given as a duplicate's original: no concern within the member's scope has it. */
export class OriginalNotFoundError extends DomainError<'triage', TriageErrorCode> {
  constructor() {
    super('triage', 'original_not_found', {}, 'No concern you can see has that reference');
  }
}
