// The audit trail: who did what to which record, when, why and from where. Rows are written in the
// same transaction as the change they record, and never updated or deleted (a trigger refuses).
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from './staff.ts';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null when nobody was signed in (e.g. a failed sign-in for an unknown address). */
    actorId: uuid('actor_id').references(() => staffUsers.id, { onDelete: 'restrict' }),
    /** The actor's email at the time, or the address tried at a failed sign-in. */
    actorLabel: text('actor_label'),
    /** `resource.verb`, e.g. auth.login, staff.invite, plan_update.publish, concern.view_contact. */
    action: text('action').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    reason: text('reason'),
    /** Client address and a short user agent. */
    client: text('client'),
    details: jsonb('details'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_record_idx').on(t.recordType, t.recordId),
  ],
);
