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
  'concern:view',
  'concern:triage',
  'concern:view_contact',
  'concern:export',
  'priority:write',
  'panel:review',
  'panel:export',
  'panel:equality',
  'event:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERY_STAFF_MEMBER: Permission[] = ['dashboard:view', 'account:manage'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  // Liaison officers see and triage every ward's concerns and export the queue for the partnership's
  // figures; contact details are for the officers who act on a concern (ward officers, admins).
  liaison_officer: new Set([
    ...EVERY_STAFF_MEMBER,
    'plan_update:write',
    'plan_update:publish',
    'newsletter:write',
    'newsletter:publish',
    'concern:view',
    'concern:triage',
    'concern:export',
    'priority:write',
    'panel:review',
    'panel:export',
    'panel:equality',
    'event:write',
  ]),
  // Ward officers keep their own wards' priorities (ward scope); liaison officers and admins every ward's.
  ward_officer: new Set([
    ...EVERY_STAFF_MEMBER,
    'concern:view',
    'concern:triage',
    'concern:view_contact',
    'priority:write',
    // Their wards' panels only (ward scope); the Youth Advisory Forum is run by liaison officers.
    'panel:review',
    'panel:export',
    'panel:equality',
    'event:write',
  ]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
