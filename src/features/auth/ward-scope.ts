// Ward scope: which wards' records a staff member may see and act on. Ward officers work on the
// wards they are assigned; administrators and liaison officers on every ward. Pure: the scope
// comes from the signed-in user (loaded with the session), and `inScope` builds a SQL condition.
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Role } from './permissions.ts';

/** Roles that see every ward. */
export const EVERY_WARD_ROLES: ReadonlySet<Role> = new Set(['admin', 'liaison_officer']);

export interface WardAssignment {
  id: number;
  slug: string;
}

/** `'all'`, or the ids of the only wards the member may see (possibly none). */
export type WardScope = 'all' | { wardIds: readonly number[]; wardSlugs: readonly string[] };

export function wardScope(user: { role: Role; wards: readonly WardAssignment[] }): WardScope {
  if (EVERY_WARD_ROLES.has(user.role)) return 'all';
  return { wardIds: user.wards.map((w) => w.id), wardSlugs: user.wards.map((w) => w.slug) };
}

/** Does the scope cover this ward (by id, as records hold it, or by slug, as URLs do)? */
export function coversWard(scope: WardScope, ward: { id: number } | { slug: string }): boolean {
  if (scope === 'all') return true;
  return 'id' in ward ? scope.wardIds.includes(ward.id) : scope.wardSlugs.includes(ward.slug);
}

/**
 * A Drizzle condition keeping rows whose ward column is in scope: none for `'all'` (every row,
 * including rows with no ward), `false` for an empty scope, else `column IN (…)` (a row with no
 * ward is outside a ward officer's scope).
 */
export function inScope(column: PgColumn, scope: WardScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if (scope.wardIds.length === 0) return sql`false`;
  return inArray(column, [...scope.wardIds]);
}
