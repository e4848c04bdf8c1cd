import { and, eq, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { emailEvents, emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import type { WebhookEvent } from '../../server/node/email-transport.ts';
// ---------------------------------------------------------------------------------------------------
// Webhook events

export type EventResult = 'recorded' | 'duplicate' | 'ignored';

const RECORDED_TYPES = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
} as const;

/**
 * Records a delivered / bounced / complained event once (keyed by the event id), marks the message,
 * and suppresses the address after a complaint or a bounce that is not transient.
 */
export async function recordEmailEvent(
  db: Db,
  event: WebhookEvent,
  { now = new Date() }: { now?: Date } = {},
): Promise<EventResult> {
  const type = RECORDED_TYPES[event.type as keyof typeof RECORDED_TYPES];
  if (!type || !event.providerMessageId) return 'ignored';
  const providerMessageId = event.providerMessageId;
  const occurredAt = event.occurredAt ?? now;
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(eq(emailOutbox.providerMessageId, providerMessageId))
      .limit(1);
    const inserted = await tx
      .insert(emailEvents)
      .values({
        id: event.id,
        type,
        providerMessageId,
        outboxId: message?.id ?? null,
        occurredAt,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: emailEvents.id })
      .returning({ id: emailEvents.id });
    if (inserted.length === 0) return 'duplicate';

    if (message) {
      await tx
        .update(emailOutbox)
        .set({ delivery: type, deliveryAt: occurredAt, updatedAt: now })
        .where(
          and(
            eq(emailOutbox.id, message.id),
            or(sql`${emailOutbox.deliveryAt} is null`, lte(emailOutbox.deliveryAt, occurredAt)),
          ),
        );
    }
    const suppress =
      type === 'complained' || (type === 'bounced' && event.bounceType?.toLowerCase() !== 'transient');
    if (suppress) {
      const addresses = [...new Set(event.recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))];
      if (addresses.length > 0) {
        await tx
          .insert(emailSuppressions)
          .values(addresses.map((address) => ({ address, reason: type, eventId: event.id, createdAt: now })))
          // A new bounce or complaint restarts the period the suppression is kept (retention).
          .onConflictDoUpdate({
            target: emailSuppressions.address,
            set: { reason: type, eventId: event.id, createdAt: now },
            where: lte(emailSuppressions.createdAt, now),
          });
      }
    }
    return 'recorded';
  });
}

/** Is this address suppressed (bounced or complained)? */
export async function isSuppressed(db: DbOrTx, address: string): Promise<boolean> {
  const [row] = await db
    .select({ address: emailSuppressions.address })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.address, address.trim().toLowerCase()))
    .limit(1);
  return row !== undefined;
}
