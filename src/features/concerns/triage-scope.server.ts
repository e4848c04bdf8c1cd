// One concern by id, only when it is within the staff member's ward scope: how every triage query
// that reads or changes a single concern finds it (outside the scope, it is not found).
import { and, eq } from 'drizzle-orm';
import { concerns } from '../../../db/schema/index.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';

export const inScopeById = (id: string, scope: WardScope) =>
  and(eq(concerns.id, id), inScope(concerns.wardId, scope));
