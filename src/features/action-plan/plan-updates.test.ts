// The plan-update rules: who may edit what, and the island's body check agreeing with the schema.
import { describe, expect, it } from 'vitest';
import { can, ROLES } from '../auth/permissions.ts';
import { bodyProblem } from '../markdown/markdown-body.ts';
import { PlanUpdateBodySchema } from './plan-updates.schema.ts';
import { BODY_MAX_LENGTH, BODY_RULE, bodyLength, permissionToEdit } from './plan-updates.ts';

describe('permissionToEdit', () => {
  it('needs publishing rights to change a published update, writing rights for a draft', () => {
    expect(permissionToEdit(true)).toBe('plan_update:publish');
    expect(permissionToEdit(false)).toBe('plan_update:write');
  });
  it('lets exactly the roles that can publish edit a published update', () => {
    for (const role of ROLES) {
      expect(can(role, permissionToEdit(true)), role).toBe(can(role, 'plan_update:publish'));
    }
  });
});

describe('the island’s body check', () => {
  it.each([
    ['empty', ''],
    ['spaces only', '   \n  '],
    ['one character', 'x'],
    ['at the limit', 'x'.repeat(BODY_MAX_LENGTH)],
    ['one over', 'x'.repeat(BODY_MAX_LENGTH + 1)],
    ['at the limit with CRLF line breaks', `${'x\r\n'.repeat(2499)}xx`],
    ['over the limit with CRLF line breaks', `${'x\r\n'.repeat(2500)}x`],
    ['surrounding space over the limit', `  ${'x'.repeat(BODY_MAX_LENGTH)}  `],
  ])('agrees with the schema: %s', (_name, text) => {
    const schema = PlanUpdateBodySchema.safeParse(text);
    const island = bodyProblem(bodyLength(text), BODY_RULE);
    expect(island).toBe(schema.success ? null : (schema.error.issues[0]?.message ?? 'no message'));
  });
});
