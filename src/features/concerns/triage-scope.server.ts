// Ward scope in triage: how every triage query that reads or changes a single concern finds it
// (outside the member's scope, it is not found), how a concern's links to others (its original, its
// duplicates) are kept to the scope, and who may be given a concern in a ward.
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { concerns, staffUsers, staffWardAssignments } from '../../../db/schema/index.ts';
import { can, ROLES } from '../auth/permissions.ts';
import { EVERY_WARD_ROLES, inScope, type WardScope } from '../auth/ward-scope.ts';

export const inScopeById = (id: string, scope: WardScope) =>
  and(eq(concerns.id, id), inScope(concerns.wardId, scope));

/**
 * Another concern linked to this one (its original, or one of its duplicates), joined or listed only
 * within the member's scope: one outside it is never named, not even by its reference.
 */
export const linkedInScope = (
  idColumn: PgColumn,
  id: PgColumn | string,
  wardColumn: PgColumn,
  scope: WardScope,
) => and(eq(idColumn, id), inScope(wardColumn, scope));

const TRIAGE_ROLES = ROLES.filter((r) => can(r, 'concern:triage'));
const EVERY_WARD_TRIAGE_ROLES = TRIAGE_ROLES.filter((r) => EVERY_WARD_ROLES.has(r));
const WARD_TRIAGE_ROLES = TRIAGE_ROLES.filter((r) => !EVERY_WARD_ROLES.has(r));

/**
 * Staff who may triage a concern in this ward (null: no ward known): active members whose role has
 * `concern:triage`, and, for a ward-scoped role, only those assigned the ward — the same rule as the
 * scope the member would see it with (a concern with no ward is outside every ward officer's scope).
 */
export function mayTriageInWard(wardId: number | null): SQL {
  const everyWard = EVERY_WARD_TRIAGE_ROLES.length
    ? inArray(staffUsers.role, EVERY_WARD_TRIAGE_ROLES)
    : sql`false`;
  const ownWard =
    wardId !== null && WARD_TRIAGE_ROLES.length
      ? and(
          inArray(staffUsers.role, WARD_TRIAGE_ROLES),
          sql`exists (select 1 from ${staffWardAssignments} where ${staffWardAssignments.staffId} = ${staffUsers.id} and ${staffWardAssignments.wardId} = ${wardId})`,
        )
      : sql`false`;
  return and(eq(staffUsers.active, true), or(everyWard, ownWard)) as SQL;
}
