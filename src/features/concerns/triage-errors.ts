// What staff triage refuses, as errors the actions map to form messages.
import type { PiiKind } from './concerns.ts';

export class ConcernNotFoundError extends Error {
  constructor() {
    super('Concern not found');
  }
}
/** The public note looks like it holds a personal detail and the member has not confirmed it. */
export class PersonalDetailsError extends Error {
  readonly kinds: PiiKind[];
  constructor(kinds: PiiKind[]) {
    super('Public note holds personal details');
    this.kinds = kinds;
  }
}
export class TriageRefusedError extends Error {}
/** The ward asked for does not exist, or is not the member's to put a concern in. */
export class WardNotAllowedError extends Error {
  constructor() {
    super('Choose a ward from the list');
  }
}
/** The reference given as a duplicate's original: no concern within the member's scope has it. */
export class OriginalNotFoundError extends Error {
  constructor() {
    super('No concern you can see has that reference');
  }
}
