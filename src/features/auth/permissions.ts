// Who may do what in the back office: one map from role to permissions, `resource:action`.
// Every staff page and action asks `requireStaff(locals, permission)` with one of these.

export const ROLES = ['admin', 'liaison_officer', 'ward_officer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  liaison_officer: 'Community liaison officer',
  ward_officer: 'Ward officer',
};

export const PERMISSIONS = [
  'dashboard:view',
  'account:manage',
  'plan_update:write',
  'plan_update:publish',
  'newsletter:write',
  'newsletter:publish',
  'staff:manage',
  'audit:view',
  'mailbox:view',
  'email:retry',
  'email:unsuppress',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERY_STAFF_MEMBER: Permission[] = ['dashboard:view', 'account:manage'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  liaison_officer: new Set([
    ...EVERY_STAFF_MEMBER,
    'plan_update:write',
    'plan_update:publish',
    'newsletter:write',
    'newsletter:publish',
  ]),
  ward_officer: new Set(EVERY_STAFF_MEMBER),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
