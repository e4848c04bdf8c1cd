// Rules for staff progress updates. No I/O, and no zod: the body island imports this module, and
// on an island page every kilobyte counts (plan-updates.schema.ts builds the zod rules from it).
import type { Permission } from '../auth/permissions.ts';

export const BODY_MAX_LENGTH = 5000;
export const BODY_TOO_LONG = 'Update must be 5,000 characters or fewer';
export const BODY_MISSING = 'Enter the update';

/**
 * Browsers send a textarea's line breaks as CRLF but count them as one character: count and
 * store them as LF so the limit the author sees is the limit the server applies.
 */
export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Characters as the schema counts them: line breaks as one, surrounding space not at all. */
export function bodyLength(text: string): number {
  return normaliseLineBreaks(text).trim().length;
}

/** The body schema's verdict on a length, for the island: null when it would be accepted. */
export function bodyProblem(length: number): string | null {
  if (length === 0) return BODY_MISSING;
  return length > BODY_MAX_LENGTH ? BODY_TOO_LONG : null;
}

/**
 * Editing a published update changes what residents read at once, so it takes the permission to
 * publish; a draft needs only the permission to write. (Not "an edit returns it to draft": that
 * would let a writer take an update off the public plan, which is also the publisher's call.)
 */
export function permissionToEdit(published: boolean): Permission {
  return published ? 'plan_update:publish' : 'plan_update:write';
}

/** What the unpublish form must send: the person saw the confirmation page. */
export const UNPUBLISH_CONFIRMATION = 'yes';
