// Staff reviewing applications to a panel: the panels in the member's scope with their counts, a
// panel's queue (waiting applications oldest first, no personal details), one application opened
// (its details: each read audited), and the decision — approved, waitlisted or declined — written
// with its membership, its emails and its audit row in one transaction.
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../../db/client.ts';
import { boroughs, panelApplications, panelMemberships, wards } from '../../../db/schema/index.ts';
import { londonToday } from '../../lib/dates.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import type { EmailContent } from '../email/email.schema.ts';
import { panelDecisionEmail } from '../email/messages/panel-membership.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { firstNameOf } from './applications.ts';
import type { DecisionInput } from './membership.schema.ts';
import {
  copiesGuardian,
  type Decision,
  mayDecide,
  publicListing,
  STAFF_STATUSES,
  type StaffStatus,
} from './membership.ts';
import {
  FORUM_PANEL,
  inPanelScope,
  ofPanel,
  type Panel,
  PanelError,
  panelOfRow,
  wardPanel,
} from './panel-scope.server.ts';

export type StatusCounts = Record<StaffStatus, number>;

export interface PanelSummary {
  panel: Panel;
  counts: StatusCounts;
  members: number;
}

const emptyCounts = (): StatusCounts => ({ pending: 0, waitlisted: 0, approved: 0, declined: 0 });

/** The panels the member reviews, with their counts: Ward Panels by borough and ward, then the Forum. */
export async function listPanelsForStaff(db: Db, scope: WardScope): Promise<PanelSummary[]> {
  const [wardRows, statusRows, memberRows] = await Promise.all([
    db
      .select({ id: wards.id, slug: wards.slug, name: wards.name, boroughName: boroughs.name })
      .from(wards)
      .innerJoin(boroughs, eq(boroughs.id, wards.boroughId))
      .where(inScope(wards.id, scope))
      .orderBy(asc(boroughs.name), asc(wards.name)),
    db
      .select({
        body: panelApplications.body,
        wardId: panelApplications.wardId,
        status: panelApplications.status,
        n: count(),
      })
      .from(panelApplications)
      .where(
        and(inArray(panelApplications.status, [...STAFF_STATUSES]), inPanelScope(panelApplications, scope)),
      )
      .groupBy(panelApplications.body, panelApplications.wardId, panelApplications.status),
    db
      .select({ body: panelMemberships.body, wardId: panelMemberships.wardId, n: count() })
      .from(panelMemberships)
      .where(and(isNull(panelMemberships.endedOn), inPanelScope(panelMemberships, scope)))
      .groupBy(panelMemberships.body, panelMemberships.wardId),
  ]);
  const keyOf = (body: string, wardId: number | null) => (body === 'youth_forum' ? 'forum' : `w${wardId}`);
  const counts = new Map<string, StatusCounts>();
  for (const r of statusRows) {
    const c = counts.get(keyOf(r.body, r.wardId)) ?? emptyCounts();
    c[r.status as StaffStatus] += Number(r.n);
    counts.set(keyOf(r.body, r.wardId), c);
  }
  const members = new Map<string, number>();
  for (const r of memberRows)
    members.set(keyOf(r.body, r.wardId), (members.get(keyOf(r.body, r.wardId)) ?? 0) + Number(r.n));
  const out: PanelSummary[] = wardRows.map((w) => ({
    panel: wardPanel(w),
    counts: counts.get(`w${w.id}`) ?? emptyCounts(),
    members: members.get(`w${w.id}`) ?? 0,
  }));
  if (scope === 'all')
    out.push({
      panel: FORUM_PANEL,
      counts: counts.get('forum') ?? emptyCounts(),
      members: members.get('forum') ?? 0,
    });
  return out;
}

/** Applications waiting for a decision in the member's panels (the dashboard's count). */
export async function countWaitingApplications(db: Db, scope: WardScope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(panelApplications)
    .where(and(eq(panelApplications.status, 'pending'), inPanelScope(panelApplications, scope)));
  return Number(row?.n ?? 0);
}

export interface QueueItem {
  id: string;
  status: 'pending' | 'waitlisted';
  receivedAt: Date;
  connection: string | null;
}

/** A panel's queue: pending then waitlisted applications, oldest first, and the counts of every status. */
export async function listPanelQueue(
  db: Db,
  panel: Panel,
): Promise<{ counts: StatusCounts; waiting: QueueItem[] }> {
  const [rows, statusRows] = await Promise.all([
    db
      .select({
        id: panelApplications.id,
        status: panelApplications.status,
        receivedAt: panelApplications.createdAt,
        connection: panelApplications.connection,
      })
      .from(panelApplications)
      .where(
        and(ofPanel(panelApplications, panel), inArray(panelApplications.status, ['pending', 'waitlisted'])),
      )
      .orderBy(asc(panelApplications.createdAt), asc(panelApplications.id)),
    db
      .select({ status: panelApplications.status, n: count() })
      .from(panelApplications)
      .where(and(ofPanel(panelApplications, panel), inArray(panelApplications.status, [...STAFF_STATUSES])))
      .groupBy(panelApplications.status),
  ]);
  const counts = emptyCounts();
  for (const r of statusRows) counts[r.status as StaffStatus] = Number(r.n);
  const waiting = rows as QueueItem[];
  // Pending first (they need a decision), then the waiting list; each oldest first.
  return {
    counts,
    waiting: [
      ...waiting.filter((r) => r.status === 'pending'),
      ...waiting.filter((r) => r.status === 'waitlisted'),
    ],
  };
}

export type ApplicationRow = typeof panelApplications.$inferSelect;

export interface StaffApplication {
  application: ApplicationRow;
  panel: Panel;
}

const applicationSelect = {
  application: panelApplications,
  wardSlug: wards.slug,
  wardName: wards.name,
  boroughName: boroughs.name,
};

/** One application a member may see (staff statuses only), with its panel; null otherwise. */
async function findApplication(tx: DbOrTx, id: string, scope: WardScope, lock = false) {
  const q = tx
    .select(applicationSelect)
    .from(panelApplications)
    .leftJoin(wards, eq(wards.id, panelApplications.wardId))
    .leftJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .where(
      and(
        eq(panelApplications.id, id),
        inArray(panelApplications.status, [...STAFF_STATUSES]),
        inPanelScope(panelApplications, scope),
      ),
    );
  const [row] = lock ? await q.for('update', { of: panelApplications }) : await q;
  if (!row) return null;
  const a = row.application;
  return { application: a, panel: panelOfRow({ body: a.body, wardId: a.wardId, ...row }) };
}

/**
 * An application as a member opens it, with the applicant's details: one audit row per read, in
 * the same transaction. Null, and nothing audited, when missing, not yet complete, or outside the
 * member's scope. The page calls it behind `requireChosenView`.
 */
export async function viewApplication(
  db: Db,
  actor: Actor,
  id: string,
  scope: WardScope,
): Promise<StaffApplication | null> {
  return db.transaction(async (tx) => {
    const found = await findApplication(tx, id, scope);
    if (found)
      await writeAuditBy(tx, actor, {
        action: 'panel_application.view',
        recordType: 'panel_application',
        recordId: id,
        details: { panel: found.panel.segment },
      });
    return found;
  });
}

/** Queues the message to the applicant, and a copy to their guardian while they are under 16. */
export async function mailApplicant(
  tx: Tx,
  a: ApplicationRow,
  day: string,
  dedupe: string,
  make: (to: { greeting: string; forGuardianOf?: string }) => EmailContent,
  now: Date,
): Promise<number> {
  const first = firstNameOf(a.fullName);
  await enqueueEmail(
    tx,
    { ...make({ greeting: first }), to: a.email, dedupeKey: `${dedupe}/applicant` },
    { now },
  );
  if (!copiesGuardian(a, day) || !a.guardianEmail) return 1;
  await enqueueEmail(
    tx,
    {
      ...make({ greeting: a.guardianName ?? 'parent or guardian', forGuardianOf: first }),
      to: a.guardianEmail,
      dedupeKey: `${dedupe}/guardian`,
    },
    { now },
  );
  return 2;
}

export function panelPageUrl(baseUrl: string, panel: Panel): string {
  return panel.body === 'youth_forum' ? `${baseUrl}/get-involved` : `${baseUrl}/wards/${panel.segment}/panel`;
}

/**
 * Records staff's decision on a pending (or waitlisted) application in the member's scope. Approving
 * makes the membership with its term, and its public name and role only as the applicant consented
 * (see `publicListing`). The decision, the membership, the emails and the audit row are one
 * transaction; the public panel page is purged when it commits. Returns the panel.
 */
export async function decideApplication(
  db: Db,
  actor: Actor,
  scope: WardScope,
  input: DecisionInput,
  ctx: { baseUrl: string; now?: Date },
): Promise<{ panel: Panel; decision: Decision; membershipId: number | null }> {
  const now = ctx.now ?? new Date();
  const today = londonToday(now);
  const write = async (tx: Tx) => {
    const found = await findApplication(tx, input.id, scope, true);
    if (!found) throw new PanelError('not_found');
    const { application: a, panel } = found;
    if (!mayDecide(a.status, input.decision)) throw new PanelError('already_decided');
    const reason = input.reason?.trim() || null;
    await tx
      .update(panelApplications)
      .set({
        status: input.decision,
        decidedAt: now,
        decidedBy: actor.id,
        decisionReason: reason,
        updatedAt: now,
      })
      .where(eq(panelApplications.id, a.id));
    let membershipId: number | null = null;
    let term: { startsOn: string; endsOn: string } | null = null;
    let listed = false;
    if (input.decision === 'approved' && input.term) {
      if (input.term.endsOn <= input.term.startsOn) throw new PanelError('term_order');
      term = input.term;
      const listing = publicListing(a as Parameters<typeof publicListing>[0], today, input.adultConfirmed);
      listed = listing !== null;
      const [m] = await tx
        .insert(panelMemberships)
        .values({
          applicationId: a.id,
          body: a.body,
          wardId: a.body === 'ward_panel' ? a.wardId : null,
          termStartsOn: term.startsOn,
          termEndsOn: term.endsOn,
          publicName: listing?.publicName ?? null,
          publicRole: listing?.publicRole ?? null,
          createdBy: actor.id,
          updatedBy: actor.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: panelMemberships.id });
      membershipId = m?.id ?? null;
    }
    const decision = input.decision;
    const emailed = await mailApplicant(
      tx,
      a,
      today,
      `panel-decision/${a.id}/${decision}`,
      (to) =>
        panelDecisionEmail(to, {
          decision,
          panelName: panel.name,
          reason,
          term,
          panelUrl: panelPageUrl(ctx.baseUrl, panel),
        }),
      now,
    );
    await writeAuditBy(tx, actor, {
      action: 'panel_application.decide',
      recordType: 'panel_application',
      recordId: a.id,
      reason,
      details: {
        panel: panel.segment,
        from: a.status,
        to: decision,
        membership: membershipId,
        listed,
        emailed,
      },
    });
    return { panel, decision, membershipId };
  };
  // An approval can add a name to the public panel page: purge it once committed.
  return input.decision === 'approved' ? changingPublicContent(db, ['wards'], write) : db.transaction(write);
}
