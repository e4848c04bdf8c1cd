// What a Ward Panel's public page shows of its members: only those who consented, by first name and
// role (set at approval only for adults, decision 0137), and how many other members there are.
import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { panelMemberships } from '../../../db/schema/index.ts';

export interface PublicPanel {
  listed: { name: string; role: string }[];
  /** Current members not named on the page. */
  others: number;
}

export async function getPublicPanel(db: Db, wardId: number): Promise<PublicPanel> {
  const current = and(
    eq(panelMemberships.body, 'ward_panel'),
    eq(panelMemberships.wardId, wardId),
    isNull(panelMemberships.endedOn),
  );
  const [listed, [all]] = await Promise.all([
    db
      .select({ name: panelMemberships.publicName, role: panelMemberships.publicRole })
      .from(panelMemberships)
      .where(and(current, isNotNull(panelMemberships.publicName)))
      .orderBy(asc(panelMemberships.publicName), asc(panelMemberships.id)),
    db.select({ n: count() }).from(panelMemberships).where(current),
  ]);
  const named = listed.map((r) => ({ name: r.name ?? '', role: r.role ?? '' }));
  return { listed: named, others: Number(all?.n ?? 0) - named.length };
}
