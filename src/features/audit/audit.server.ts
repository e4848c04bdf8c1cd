// Writing and reading the audit trail. writeAudit() is called with the transaction of the change
// it records, so the change and its trail commit or roll back together.
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { auditLog, staffUsers } from '../../../db/schema/index.ts';

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
  /** Inclusive start date, YYYY-MM-DD (UTC). */
  from?: string | undefined;
  /** Inclusive end date, YYYY-MM-DD (UTC). */
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
    f.from ? gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(auditLog.at, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)) : undefined,
  ];
  return and(...parts);
}

export async function listAudit(
  db: Db,
  filter: AuditFilter,
  page = 1,
): Promise<{ rows: AuditRow[]; total: number }> {
  const where = conditions(filter);
  const [rows, [totals]] = await Promise.all([
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
        reason: auditLog.reason,
        client: auditLog.client,
      })
      .from(auditLog)
      .leftJoin(staffUsers, eq(staffUsers.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: totals?.n ?? 0 };
}

/** The distinct actions recorded, for the filter's list. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
