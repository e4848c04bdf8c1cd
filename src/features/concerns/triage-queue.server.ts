// Staff triage: the queue of concerns, filtered (ward, kind, age, status), oldest first, with counts
// by status; the open concerns for the dashboard. Every query keeps to the member's ward scope.
import { and, asc, count, eq, gte, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { DAY_MS } from '../../lib/dates.ts';
import { type Paged, paginate } from '../../lib/paging.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import type { QueueFilter } from './concerns.schema.ts';
import { type Category, type ConcernStatus, STATUSES } from './concerns.ts';

export const QUEUE_PAGE_SIZE = 25;

export interface QueueRow {
  id: string;
  reference: string;
  category: Category;
  wardName: string | null;
  status: ConcernStatus;
  createdAt: Date;
  assignedName: string | null;
  duplicate: boolean;
}

export function queueConditions(scope: WardScope, filter: QueueFilter, wardId: number | null, now: Date) {
  const age = filter.age;
  const parts: (SQL | undefined)[] = [
    inScope(concerns.wardId, scope),
    filter.ward ? (wardId === null ? sql`false` : eq(concerns.wardId, wardId)) : undefined,
    filter.category ? eq(concerns.category, filter.category) : undefined,
    age === '1' || age === '7' || age === '30'
      ? gte(concerns.createdAt, new Date(now.getTime() - Number(age) * DAY_MS))
      : age === 'older'
        ? lt(concerns.createdAt, new Date(now.getTime() - 30 * DAY_MS))
        : undefined,
  ];
  return parts;
}

export function statusCondition(status: QueueFilter['status']): SQL | undefined {
  if (!status) return undefined;
  if (status === 'open') return ne(concerns.status, 'closed');
  return eq(concerns.status, status);
}

export async function wardIdOf(db: DbOrTx, slug: string | undefined): Promise<number | null> {
  if (!slug) return null;
  const [row] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, slug));
  return row?.id ?? null;
}

/** The queue, oldest first, with how many concerns of each status the other filters leave. */
export async function listConcernQueue(
  db: Db,
  scope: WardScope,
  filter: QueueFilter,
  now = new Date(),
): Promise<Paged<QueueRow> & { counts: Record<ConcernStatus, number> }> {
  const wardId = await wardIdOf(db, filter.ward);
  const base = queueConditions(scope, filter, wardId, now);
  const where = and(...base, statusCondition(filter.status));
  const assignee = alias(staffUsers, 'assignee');
  const [paged, counted] = await Promise.all([
    paginate(
      { page: filter.page, size: QUEUE_PAGE_SIZE },
      ({ limit, offset }) =>
        db
          .select({
            id: concerns.id,
            reference: concerns.reference,
            category: concerns.category,
            wardName: wards.name,
            status: concerns.status,
            createdAt: concerns.createdAt,
            assignedName: assignee.name,
            duplicateOf: concerns.duplicateOf,
          })
          .from(concerns)
          .leftJoin(wards, eq(wards.id, concerns.wardId))
          .leftJoin(assignee, eq(assignee.id, concerns.assignedTo))
          .where(where)
          .orderBy(asc(concerns.createdAt), asc(concerns.reference))
          .limit(limit)
          .offset(offset)
          .then((rows) =>
            rows.map(({ duplicateOf, ...r }) => ({
              ...r,
              category: r.category as Category,
              duplicate: duplicateOf !== null,
            })),
          ),
      async () => {
        const [row] = await db.select({ n: count() }).from(concerns).where(where);
        return row?.n ?? 0;
      },
    ),
    db
      .select({ status: concerns.status, n: count() })
      .from(concerns)
      .where(and(...base))
      .groupBy(concerns.status),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ConcernStatus, number>;
  for (const c of counted) counts[c.status] = c.n;
  return { ...paged, counts };
}

/** Open concerns in scope, for the dashboard. */
export async function countOpenConcerns(db: Db, scope: WardScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(concerns)
    .where(and(ne(concerns.status, 'closed'), isNull(concerns.duplicateOf), inScope(concerns.wardId, scope)));
  return row?.n ?? 0;
}
