// Staff triage: the filtered queue as CSV, for the partnership's figures.
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.ts';
import { boroughs, concerns, staffUsers, wards } from '../../../db/schema/index.ts';
import { toCsv } from '../../lib/csv.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import type { WardScope } from '../auth/ward-scope.ts';
import type { QueueFilter } from './concerns.schema.ts';
import { PARTNER_LABELS, type Partner, STATUS_LABELS } from './concerns.ts';
import { queueConditions, statusCondition, wardIdOf } from './triage-queue.server.ts';
import { linkedInScope } from './triage-scope.server.ts';

/** The most rows one export holds. */
export const EXPORT_MAX_ROWS = 10_000;

/**
 * The filtered queue as CSV for the partnership's figures: no contact details and none of the
 * resident's free text (it can name people), cells that a spreadsheet would run as a formula
 * escaped (src/lib/csv.ts). The export is audited with its filter and row count.
 */
export async function exportConcernsCsv(
  db: Db,
  actor: Actor,
  scope: WardScope,
  filter: QueueFilter,
  now = new Date(),
): Promise<{ csv: string; rows: number }> {
  const wardId = await wardIdOf(db, filter.ward);
  const where = and(...queueConditions(scope, filter, wardId, now), statusCondition(filter.status));
  const assignee = alias(staffUsers, 'assignee');
  const original = alias(concerns, 'original');
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        reference: concerns.reference,
        createdAt: concerns.createdAt,
        category: concerns.category,
        ward: wards.name,
        borough: boroughs.name,
        status: concerns.status,
        partner: concerns.partner,
        referredOn: concerns.referredOn,
        outcome: concerns.outcome,
        closedAt: concerns.closedAt,
        duplicateOf: original.reference,
        duplicateId: concerns.duplicateOf,
        assignedTo: assignee.name,
        anonymous: concerns.anonymous,
      })
      .from(concerns)
      .leftJoin(wards, eq(wards.id, concerns.wardId))
      .leftJoin(boroughs, eq(boroughs.id, wards.boroughId))
      .leftJoin(assignee, eq(assignee.id, concerns.assignedTo))
      .leftJoin(original, linkedInScope(original.id, concerns.duplicateOf, original.wardId, scope))
      .where(where)
      .orderBy(asc(concerns.createdAt), asc(concerns.reference))
      .limit(EXPORT_MAX_ROWS);
    const csv = toCsv(
      rows.map(({ duplicateId, ...r }) => ({
        ...r,
        // An original outside the member's scope is not named.
        duplicateOf: r.duplicateOf ?? (duplicateId ? 'A concern outside your wards' : ''),
        createdAt: r.createdAt.toISOString(),
        month: r.createdAt.toISOString().slice(0, 7),
        closedAt: r.closedAt?.toISOString() ?? '',
        status: STATUS_LABELS[r.status],
        partner: r.partner ? PARTNER_LABELS[r.partner as Partner] : '',
        anonymous: r.anonymous ? 'yes' : 'no',
      })),
      [
        { key: 'reference', header: 'Reference' },
        { key: 'createdAt', header: 'Sent' },
        { key: 'month', header: 'Month' },
        { key: 'category', header: 'Kind' },
        { key: 'ward', header: 'Ward' },
        { key: 'borough', header: 'Borough' },
        { key: 'status', header: 'Status' },
        { key: 'partner', header: 'Referred to' },
        { key: 'referredOn', header: 'Referred on' },
        { key: 'outcome', header: 'Outcome' },
        { key: 'closedAt', header: 'Closed' },
        { key: 'duplicateOf', header: 'Duplicate of' },
        { key: 'assignedTo', header: 'Assigned to' },
        { key: 'anonymous', header: 'Anonymous' },
      ],
    );
    await writeAuditBy(tx, actor, {
      action: 'concern.export',
      recordType: 'concern_list',
      details: { ...filter, rows: rows.length },
    });
    return { csv, rows: rows.length };
  });
}
