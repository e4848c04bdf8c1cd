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

/**
 * Counting stops here: past it a count says "at least". The closed concerns of ten years (99 in 100 of
 * the table) would otherwise be counted on every visit; the open ones are always counted exactly.
 */
export const QUEUE_COUNT_CAP = 100_000;

/** How many concerns of each status the filters (but status) leave: open exactly, closed up to the cap. */
async function countByStatus(
  db: Db,
  base: (SQL | undefined)[],
  cap: number,
): Promise<{ counts: Record<ConcernStatus, number>; capped: boolean }> {
  const [open, [closed]] = await Promise.all([
    db
      .select({ status: concerns.status, n: count() })
      .from(concerns)
      .where(and(...base, ne(concerns.status, 'closed')))
      .groupBy(concerns.status),
    db.select({ n: count() }).from(
      db
        .select({ one: sql`1`.as('one') })
        .from(concerns)
        .where(and(...base, eq(concerns.status, 'closed')))
        .limit(cap + 1)
        .as('closed'),
    ),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ConcernStatus, number>;
  for (const c of open) counts[c.status] = c.n;
  const closedCount = closed?.n ?? 0;
  counts.closed = Math.min(closedCount, cap);
  return { counts, capped: closedCount > cap };
}

export interface QueueCounts {
  /** How many concerns of each status the filters but status leave. */
  counts: Record<ConcernStatus, number>;
  /** More closed concerns than the cap: `counts.closed` is a lower bound. */
  closedAtLeast: boolean;
  /** The list includes the closed ones and they passed the cap: `total` is a lower bound, and the pages stop there. */
  totalAtLeast: boolean;
}

/** The queue, oldest first, with how many concerns of each status the other filters leave. */
export async function listConcernQueue(
  db: Db,
  scope: WardScope,
  filter: QueueFilter,
  { now = new Date(), countCap = QUEUE_COUNT_CAP }: { now?: Date; countCap?: number } = {},
): Promise<Paged<QueueRow> & QueueCounts> {
  const wardId = await wardIdOf(db, filter.ward);
  const base = queueConditions(scope, filter, wardId, now);
  const where = and(...base, statusCondition(filter.status));
  const assignee = alias(staffUsers, 'assignee');
  const { counts, capped } = await countByStatus(db, base, countCap);
  const status = filter.status;
  const shown: readonly ConcernStatus[] =
    status === 'open' ? STATUSES.filter((s) => s !== 'closed') : status ? [status] : STATUSES;
  const total = shown.reduce((sum, s) => sum + counts[s], 0);
  const paged = await paginate(
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
    async () => total,
  );
  return {
    ...paged,
    counts,
    closedAtLeast: capped,
    totalAtLeast: capped && (!status || status === 'closed'),
  };
}

/** Open concerns in scope, for the dashboard. */
export async function countOpenConcerns(db: Db, scope: WardScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(concerns)
    .where(and(ne(concerns.status, 'closed'), isNull(concerns.duplicateOf), inScope(concerns.wardId, scope)));
  return row?.n ?? 0;
}
