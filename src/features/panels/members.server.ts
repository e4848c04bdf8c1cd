// A panel's members for staff: the list with term dates (names are personal data: the read is
// audited), removing a member with a reason (emailed, audited), the CSV export (audited), and the
// scheduler's job that reminds members before their term ends and closes terms that have ended.
// `activeMemberAddresses` is what the meetings feature uses to email a ward's panel.
import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, panelApplications, panelMemberships, wards } from '../../../db/schema/index.ts';
import { toCsv } from '../../lib/csv.ts';
import { londonToday } from '../../lib/dates.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import type { WardScope } from '../auth/ward-scope.ts';
import { panelRemovalEmail, panelTermReminderEmail } from '../email/messages/panel-membership.ts';
import type { RemoveMemberInput } from './membership.schema.ts';
import { remindTermsEndingBy } from './membership.ts';
import { inPanelScope, ofPanel, type Panel, PanelError, panelOfRow } from './panel-scope.server.ts';
import { mailApplicant, panelPageUrl } from './review.server.ts';

export interface StaffMember {
  id: number;
  fullName: string;
  connection: string | null;
  organisation: string | null;
  termStartsOn: string;
  termEndsOn: string;
  publicName: string | null;
  publicRole: string | null;
}

/**
 * The one query every read of members starts from: a membership with its application, and its ward
 * and borough (none for the Forum). Callers add the conditions and any order or lock.
 */
function selectMembers(db: DbOrTx) {
  return db
    .select({
      membership: panelMemberships,
      application: panelApplications,
      wardSlug: wards.slug,
      wardName: wards.name,
      boroughName: boroughs.name,
    })
    .from(panelMemberships)
    .innerJoin(panelApplications, eq(panelApplications.id, panelMemberships.applicationId))
    .leftJoin(wards, eq(wards.id, panelMemberships.wardId))
    .leftJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .$dynamic();
}

type MemberRow = Awaited<ReturnType<typeof selectMembers>>[number];

function staffMember({ membership: m, application: a }: MemberRow): StaffMember {
  return {
    id: m.id,
    fullName: a.fullName,
    connection: a.connection,
    organisation: a.organisation,
    termStartsOn: m.termStartsOn,
    termEndsOn: m.termEndsOn,
    publicName: m.publicName,
    publicRole: m.publicRole,
  };
}

function panelOfMember(row: MemberRow): Panel {
  return panelOfRow({ ...row, body: row.membership.body, wardId: row.membership.wardId });
}

const isCurrent = isNull(panelMemberships.endedOn);

function currentMembersOf(db: DbOrTx, panel: Panel) {
  return selectMembers(db).where(and(ofPanel(panelMemberships, panel), isCurrent));
}

/** The panel's current members with their terms, soonest ending first: the read is audited. */
export async function viewPanelMembers(db: Db, actor: Actor, panel: Panel): Promise<StaffMember[]> {
  return db.transaction(async (tx) => {
    const members = (
      await currentMembersOf(tx, panel).orderBy(
        asc(panelMemberships.termEndsOn),
        asc(panelApplications.fullName),
      )
    ).map(staffMember);
    await writeAuditBy(tx, actor, {
      action: 'panel_membership.list',
      recordType: 'panel',
      recordId: panel.segment,
      details: { shown: members.length },
    });
    return members;
  });
}

/**
 * One current member in the member's scope, for the removal page: their name is the applicant's
 * detail, so the read is audited (`panel_membership.view`). Null, and nothing audited, otherwise.
 */
export async function viewMember(db: Db, actor: Actor, id: number, scope: WardScope) {
  return db.transaction(async (tx) => {
    const [row] = await selectMembers(tx).where(
      and(eq(panelMemberships.id, id), isCurrent, inPanelScope(panelMemberships, scope)),
    );
    if (!row) return null;
    const panel = panelOfMember(row);
    await writeAuditBy(tx, actor, {
      action: 'panel_membership.view',
      recordType: 'panel_membership',
      recordId: id,
      details: { panel: panel.segment },
    });
    return { member: staffMember(row), panel };
  });
}

/**
 * Ends a current membership in the member's scope with the reason, today: the member (and a
 * guardian, while under 16) emailed, the change audited, in one transaction; the public panel page
 * purged. Returns the panel.
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  scope: WardScope,
  input: Pick<RemoveMemberInput, 'id' | 'reason'>,
  ctx: { baseUrl: string; now?: Date },
): Promise<Panel> {
  const now = ctx.now ?? new Date();
  const today = londonToday(now);
  return changingPublicContent(db, ['wards'], async (tx) => {
    const [row] = await selectMembers(tx)
      .where(and(eq(panelMemberships.id, input.id), inPanelScope(panelMemberships, scope)))
      .for('update', { of: panelMemberships });
    if (!row) throw new PanelError('not_found');
    if (row.membership.endedOn !== null) throw new PanelError('not_member');
    const panel = panelOfMember(row);
    await tx
      .update(panelMemberships)
      .set({
        endedOn: today,
        endReason: input.reason,
        endedBy: actor.id,
        publicName: null,
        publicRole: null,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .where(eq(panelMemberships.id, input.id));
    const emailed = await mailApplicant(
      tx,
      row.application,
      today,
      `panel-removal/${input.id}`,
      (to) =>
        panelRemovalEmail(to, {
          panelName: panel.name,
          reason: input.reason,
          panelUrl: panelPageUrl(ctx.baseUrl, panel),
        }),
      now,
    );
    await writeAuditBy(tx, actor, {
      action: 'panel_membership.remove',
      recordType: 'panel_membership',
      recordId: input.id,
      reason: input.reason,
      details: { panel: panel.segment, emailed },
    });
    return panel;
  });
}

/** The panel's current members as CSV for the team that runs it (formulas escaped), audited. */
export async function exportPanelMembersCsv(
  db: Db,
  actor: Actor,
  panel: Panel,
): Promise<{ csv: string; rows: number }> {
  return db.transaction(async (tx) => {
    const rows = await currentMembersOf(tx, panel).orderBy(asc(panelApplications.fullName));
    const csv = toCsv(
      rows.map(({ membership: m, application: a }) => ({
        fullName: a.fullName,
        email: a.email,
        phone: a.phone,
        connection: a.connection,
        organisation: a.organisation,
        accessNeeds: a.accessNeeds,
        termStartsOn: m.termStartsOn,
        termEndsOn: m.termEndsOn,
        shown: m.publicName ? 'yes' : 'no',
      })),
      [
        { key: 'fullName', header: 'Name' },
        { key: 'email', header: 'Email' },
        { key: 'phone', header: 'Phone' },
        { key: 'connection', header: 'Connection to the ward' },
        { key: 'organisation', header: 'Organisation' },
        { key: 'accessNeeds', header: 'Access needs' },
        { key: 'termStartsOn', header: 'Term starts' },
        { key: 'termEndsOn', header: 'Term ends' },
        { key: 'shown', header: 'Named on the panel page' },
      ],
    );
    await writeAuditBy(tx, actor, {
      action: 'panel_membership.export',
      recordType: 'panel',
      recordId: panel.segment,
      details: { rows: rows.length },
    });
    return { csv, rows: rows.length };
  });
}

/**
 * The scheduler's job: queues the "your term ends soon" email for each current member whose term
 * ends within REMINDER_DAYS_BEFORE days (once: reminder_queued_at is claimed by a conditional
 * update, so several processes may run it), and ends the memberships whose last day has passed.
 * Returns how many memberships it reminded or ended.
 */
export async function remindAndEndTerms(db: Db, now: Date, baseUrl: string): Promise<number> {
  const today = londonToday(now);
  const due = and(
    isNull(panelMemberships.endedOn),
    isNull(panelMemberships.reminderQueuedAt),
    lte(panelMemberships.termEndsOn, remindTermsEndingBy(today)),
  );
  const over = and(isNull(panelMemberships.endedOn), lt(panelMemberships.termEndsOn, today));
  const [anyDue] = await db.select({ id: panelMemberships.id }).from(panelMemberships).where(due).limit(1);
  let reminded = 0;
  if (anyDue) {
    reminded = await db.transaction(async (tx) => {
      const claimed = await tx.update(panelMemberships).set({ reminderQueuedAt: now }).where(due).returning({
        id: panelMemberships.id,
        endsOn: panelMemberships.termEndsOn,
      });
      for (const m of claimed) {
        const [a] = await selectMembers(tx).where(eq(panelMemberships.id, m.id));
        if (!a) continue;
        const panel = panelOfMember(a);
        await mailApplicant(
          tx,
          a.application,
          today,
          `panel-term-reminder/${m.id}`,
          (to) =>
            panelTermReminderEmail(to, {
              panelName: panel.name,
              endsOn: m.endsOn,
              joinUrl: `${baseUrl}/get-involved`,
            }),
          now,
        );
      }
      return claimed.length;
    });
  }
  const [anyOver] = await db.select({ id: panelMemberships.id }).from(panelMemberships).where(over).limit(1);
  if (!anyOver) return reminded;
  const ended = await changingPublicContent(db, ['wards'], async (tx) =>
    tx
      .update(panelMemberships)
      .set({
        endedOn: sql`${panelMemberships.termEndsOn}`,
        endReason: 'term ended',
        publicName: null,
        publicRole: null,
        updatedAt: now,
      })
      .where(over)
      .returning({ id: panelMemberships.id }),
  );
  return reminded + ended.length;
}

export interface MemberAddress {
  membershipId: number;
  name: string;
  email: string;
}

/** The ward's current Ward Panel members and their addresses, in a stable order (for meeting emails). */
export async function activeMemberAddresses(db: DbOrTx, wardId: number): Promise<MemberAddress[]> {
  const rows = await selectMembers(db)
    .where(and(eq(panelMemberships.body, 'ward_panel'), eq(panelMemberships.wardId, wardId), isCurrent))
    .orderBy(asc(panelMemberships.id));
  return rows.map((r) => ({
    membershipId: r.membership.id,
    name: r.application.fullName,
    email: r.application.email,
  }));
}
