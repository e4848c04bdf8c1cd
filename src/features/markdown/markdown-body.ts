// Rules for a Markdown body written by staff (a plan update, a newsletter): how its length is
// counted and what the island says about it. No I/O and no zod: the body island imports this
// module, and each feature's zod schema is built from the same numbers and messages.

export interface BodyRule {
  max: number;
  /** "Enter the update" */
  missing: string;
  /** "Update must be 5,000 characters or fewer" */
  tooLong: string;
}

/**
 * Browsers send a textarea's line breaks as CRLF but count them as one character: count and
 * store them as LF so the limit the author sees is the limit the server applies.
 */
export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Characters as the schemas count them: line breaks as one, surrounding space not at all. */
export function bodyLength(text: string): number {
  return normaliseLineBreaks(text).trim().length;
}

/** The body schema's verdict on a length, for the island: null when it would be accepted. */
export function bodyProblem(length: number, rule: BodyRule): string | null {
  if (length === 0) return rule.missing;
  return length > rule.max ? rule.tooLong : null;
}
