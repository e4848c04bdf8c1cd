// Writing and reading the audit trail. writeAudit() is called with the transaction of the change
// it records, so the change and its trail commit or roll back together.
import { and, count, desc, eq, gte, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.ts';
import {
  actionUpdates,
  auditLog,
  emailOutbox,
  planActions,
  staffUsers,
  wards,
} from '../../../db/schema/index.ts';
import { startOfLondonDay } from '../../lib/format.ts';
import { type Paged, paginate } from '../../lib/paging.ts';

export interface AuditEntry {
  actorId?: string | null;
  actorLabel?: string | null;
  action: string;
  recordType?: string | null;
  recordId?: string | number | null;
  reason?: string | null;
  client?: string | null;
  details?: Record<string, unknown> | null;
}

/** A signed-in staff member doing something, as staff actions pass them to the features. */
export interface Actor {
  id: string;
  email: string;
  client?: string | null;
}

/** Records what a signed-in staff member did: who, from where, and the entry. */
export function writeAuditBy(
  db: Db,
  actor: Actor,
  entry: Omit<AuditEntry, 'actorId' | 'actorLabel' | 'client'>,
): Promise<void> {
  return writeAudit(db, {
    ...entry,
    actorId: actor.id,
    actorLabel: actor.email,
    client: actor.client ?? null,
  });
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId ?? null,
    actorLabel: entry.actorLabel ?? null,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
    reason: entry.reason ?? null,
    client: entry.client ?? null,
    details: entry.details ?? null,
  });
}

export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  /** Inclusive start date, YYYY-MM-DD (a London day). */
  from?: string | undefined;
  /** Inclusive end date, YYYY-MM-DD (a London day). */
  to?: string | undefined;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorLabel: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  /** What a person reads for the record: a staff member's name, an update's headline, a subject. */
  recordLabel: string | null;
  /** A record of a type whose label is looked up, with none found: it is no longer kept. */
  recordGone: boolean;
  reason: string | null;
  client: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

function conditions(f: AuditFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.recordType ? eq(auditLog.recordType, f.recordType) : undefined,
    f.recordId ? eq(auditLog.recordId, f.recordId) : undefined,
    // Days are London days, as staff read them.
    f.from ? gte(auditLog.at, startOfLondonDay(f.from)) : undefined,
    f.to ? lt(auditLog.at, startOfLondonDay(nextDay(f.to))) : undefined,
  ];
  return and(...parts);
}

function nextDay(isoDate: string): string {
  const [y = 1970, m = 1, d = 1] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const subjectStaff = alias(staffUsers, 'subject_staff');
/** A ward panel's ward (a panel's audit rows name it by its ward's slug, or `youth-forum`). */
const panelWard = alias(wards, 'panel_ward');

/**
 * The record's id as the type its table uses, or null for another record type: each join then
 * probes one primary key, and a malformed id is never cast (CASE decides before the cast runs).
 */
const recordUuid = (type: string) =>
  sql`case when ${auditLog.recordType} = ${type} and ${auditLog.recordId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${auditLog.recordId}::uuid end`;
const recordSerial = (type: string) =>
  sql`case when ${auditLog.recordType} = ${type} and ${auditLog.recordId} ~ '^[0-9]{1,9}$' then ${auditLog.recordId}::integer end`;

/**
 * The record types `recordLabel` below names. For these, no label means the record is gone; others
 * are named by their kind and id. Keep it in step with the label's joins.
 */
const LABELLED_TYPES: ReadonlySet<string> = new Set([
  'staff_user',
  'action_update',
  'email',
  'email_address',
  'panel',
]);

/** A page of the audit log, newest first, with staff names and record labels resolved. */
export async function listAudit(db: Db, filter: AuditFilter, page = 1): Promise<Paged<AuditRow>> {
  const where = conditions(filter);
  const result = await paginate(
    { page, size: AUDIT_PAGE_SIZE },
    ({ limit, offset }) =>
      db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          actorId: auditLog.actorId,
          actorName: staffUsers.name,
          actorLabel: auditLog.actorLabel,
          action: auditLog.action,
          recordType: auditLog.recordType,
          recordId: auditLog.recordId,
          recordLabel: sql<string | null>`coalesce(
            ${subjectStaff.name},
            'Action ' || ${planActions.number} || ': ' || ${actionUpdates.headline},
            ${emailOutbox.subject},
            case when ${auditLog.recordType} = 'email_address' then ${auditLog.recordId} end,
            case when ${auditLog.recordType} = 'panel' and ${auditLog.recordId} = 'youth-forum'
              then 'Youth Advisory Forum' end,
            ${panelWard.name} || ' Ward Panel'
          )`,
          reason: auditLog.reason,
          client: auditLog.client,
        })
        .from(auditLog)
        .leftJoin(staffUsers, eq(staffUsers.id, auditLog.actorId))
        .leftJoin(subjectStaff, eq(subjectStaff.id, recordUuid('staff_user')))
        .leftJoin(actionUpdates, eq(actionUpdates.id, recordSerial('action_update')))
        .leftJoin(planActions, eq(planActions.id, actionUpdates.actionId))
        .leftJoin(emailOutbox, eq(emailOutbox.id, recordUuid('email')))
        .leftJoin(
          panelWard,
          sql`${auditLog.recordType} = 'panel' and ${panelWard.slug} = ${auditLog.recordId}`,
        )
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)
        .offset(offset),
    async () => {
      const [row] = await db.select({ n: count() }).from(auditLog).where(where);
      return row?.n ?? 0;
    },
  );
  const items = result.items.map((r) => ({
    ...r,
    recordGone: r.recordLabel === null && r.recordType !== null && LABELLED_TYPES.has(r.recordType),
  }));
  return { ...result, items };
}

/** The distinct actions recorded, for the filter's list. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/** The distinct record types recorded, for the filter's list. */
export async function listAuditRecordTypes(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ type: auditLog.recordType })
    .from(auditLog)
    .where(isNotNull(auditLog.recordType))
    .orderBy(auditLog.recordType);
  return rows.flatMap((r) => (r.type ? [r.type] : []));
}

/** A page of the audit log for a staff member; reading the log is itself recorded. */
export async function viewAuditLog(
  db: Db,
  actor: Actor,
  filter: AuditFilter,
  page = 1,
): Promise<Paged<AuditRow>> {
  return db.transaction(async (tx) => {
    const shown = await listAudit(tx, filter, page);
    await writeAuditBy(tx, actor, {
      action: 'audit.view',
      recordType: 'audit_log',
      details: { ...filter, page: shown.page, shown: shown.items.length },
    });
    return shown;
  });
}
