// Retention for concerns: closed concerns' contact details are erased once their period is over (drafts are
// pruned with every form's in src/features/drafts; run by src/features/retention/retention.server.ts).
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { concerns } from '../../../db/schema/index.ts';

/**
 * Erases the contact details (name, email, phone, how to contact) of concerns closed before
 * `closedBefore`; category, ward, month, status and outcome stay for statistics. Their references.
 */
export async function eraseClosedContacts(db: DbOrTx, closedBefore: Date, now: Date): Promise<string[]> {
  const rows = await db
    .update(concerns)
    .set({
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      contactPreference: null,
      contactErasedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        eq(concerns.status, 'closed'),
        lt(concerns.closedAt, closedBefore),
        eq(concerns.anonymous, false),
        isNull(concerns.contactErasedAt),
      ),
    )
    .returning({ reference: concerns.reference });
  return rows.map((r) => r.reference);
}
