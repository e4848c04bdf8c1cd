// Rules for staff progress updates. No I/O, and no zod: the body island imports this module, and
// on an island page every kilobyte counts (plan-updates.schema.ts builds the zod rules from it).
import type { Permission } from '../auth/permissions.ts';
import type { BodyRule } from '../markdown/markdown-body.ts';

export const BODY_MAX_LENGTH = 5000;
export const BODY_TOO_LONG = 'Update must be 5,000 characters or fewer';
export const BODY_MISSING = 'Enter the update';
export const BODY_RULE: BodyRule = { max: BODY_MAX_LENGTH, missing: BODY_MISSING, tooLong: BODY_TOO_LONG };

export { bodyLength, normaliseLineBreaks } from '../markdown/markdown-body.ts';

/**
 * Editing a published update changes what residents read at once, so it takes the permission to
 * publish; a draft needs only the permission to write. (Not "an edit returns it to draft": that
 * would let a writer take an update off the public plan, which is also the publisher's call.)
 */
export function permissionToEdit(published: boolean): Permission {
  return published ? 'plan_update:publish' : 'plan_update:write';
}
