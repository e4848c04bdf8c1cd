// The one error type a feature throws when a rule of the domain refuses what was asked (no such
// record, a link that expired, too many attempts). It says what happened as a `domain` and a
// `code`, with `details` a message needs (a wait, a step not answered); what people are told is
// chosen in one place, the action layer's mapper (src/server/astro/action-errors.ts). Pure: features, the
// worker, the CLI and tests use it under plain Node.

export class DomainError<
  Domain extends string = string,
  Code extends string = string,
  Details extends object = object,
> extends Error {
  readonly domain: Domain;
  readonly code: Code;
  readonly details: Details;

  /** `message` is for logs and tests; people are shown the mapper's message for `domain` and `code`. */
  constructor(domain: Domain, code: Code, details: Details, message: string = code) {
    super(message);
    this.domain = domain;
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
