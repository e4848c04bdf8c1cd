// Retention for applications that never became complete: an application whose email address was not
// confirmed within 7 days, or an under-16's whose parent or guardian did not answer within 14, is
// erased when its lapses_at passes (run by src/features/retention/retention.server.ts, dry run
// included). Declined applications and former members are the staff side's (panels-staff).
import { and, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { panelApplications } from '../../../db/schema/index.ts';

/** Deletes unconfirmed and awaiting-guardian applications that lapsed before `lapsedBefore`; how many. */
export async function eraseLapsedApplications(db: DbOrTx, lapsedBefore: Date): Promise<number> {
  const gone = await db
    .delete(panelApplications)
    .where(
      and(
        inArray(panelApplications.status, ['unconfirmed', 'awaiting_guardian']),
        lt(panelApplications.lapsesAt, lapsedBefore),
      ),
    )
    .returning({ id: panelApplications.id });
  return gone.length;
}
