// A panel's current members. For now only what meeting notices need: the addresses of a ward's
// current Ward Panel members (membership not ended, joined to the application holding the email).
// The panel staff pages build the rest of membership (terms, reminders, removal) beside it.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { panelApplications, panelMemberships } from '../../../db/schema/index.ts';

export interface MemberAddress {
  membershipId: number;
  name: string;
  email: string;
}

/** The ward's current Ward Panel members and their addresses, in a stable order. */
export function activeMemberAddresses(db: DbOrTx, wardId: number): Promise<MemberAddress[]> {
  return db
    .select({
      membershipId: panelMemberships.id,
      name: panelApplications.fullName,
      email: panelApplications.email,
    })
    .from(panelMemberships)
    .innerJoin(panelApplications, eq(panelApplications.id, panelMemberships.applicationId))
    .where(
      and(
        eq(panelMemberships.body, 'ward_panel'),
        eq(panelMemberships.wardId, wardId),
        isNull(panelMemberships.endedOn),
      ),
    )
    .orderBy(asc(panelMemberships.id));
}
