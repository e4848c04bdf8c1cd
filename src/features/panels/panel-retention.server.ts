// Retention of panel records (periods in PANEL_RETENTION, decision 0139): declined applications,
// waiting lists gone stale, applications never decided, former members with their applications, and equality answers. The
// lapse of unconfirmed and guardian-waiting applications (lapses_at) is the application feature's.
// Each statement is idempotent; the retention run (and its dry run) calls enforcePanelRetention.
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { equalityResponses, panelApplications, panelMemberships } from '../../../db/schema/index.ts';
import { londonToday } from '../../lib/dates.ts';
import { addYears } from './membership.ts';

export const PANEL_RETENTION = {
  /** A declined application: long enough to answer a question or complaint about the decision. */
  declinedMonths: 6,
  /** A waiting-list application not taken up: a year after it was put on the list. */
  waitlistedMonths: 12,
  /** A former member's membership and application: a year after they left (a returning member, a complaint). */
  formerMemberMonths: 12,
  /**
   * An application nobody decided: a year after it was sent (the review queue shows when). Without
   * this an undecided application, a minor's date of birth and guardian included, was kept for ever.
   */
  undecidedMonths: 12,
  /** Equality answers: three years from the month given, to see a panel change over a term and more. */
  equalityYears: 3,
} as const;

/** The instant `months` months before `now`. */
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** When an application sent at `receivedAt` is erased if nobody has decided it (the queue says so). */
export function undecidedErasedAt(receivedAt: Date): Date {
  return monthsBefore(receivedAt, -PANEL_RETENTION.undecidedMonths);
}

/** The calendar day `months` months before `day`. */
function dayMonthsBefore(day: string, months: number): string {
  return monthsBefore(new Date(`${day}T12:00:00Z`), months)
    .toISOString()
    .slice(0, 10);
}

export async function enforcePanelRetention(db: DbOrTx, now: Date): Promise<Record<string, number>> {
  const today = londonToday(now);
  const decidedBefore = (status: string, months: number) =>
    db
      .delete(panelApplications)
      .where(
        and(eq(panelApplications.status, status), lt(panelApplications.decidedAt, monthsBefore(now, months))),
      )
      .returning({ id: panelApplications.id });
  const declined = await decidedBefore('declined', PANEL_RETENTION.declinedMonths);
  const waitlisted = await decidedBefore('waitlisted', PANEL_RETENTION.waitlistedMonths);
  const undecided = await db
    .delete(panelApplications)
    .where(
      and(
        eq(panelApplications.status, 'pending'),
        lt(panelApplications.createdAt, monthsBefore(now, PANEL_RETENTION.undecidedMonths)),
      ),
    )
    .returning({ id: panelApplications.id });
  const leftBefore = dayMonthsBefore(today, PANEL_RETENTION.formerMemberMonths);
  const former = await db
    .select({ applicationId: panelMemberships.applicationId })
    .from(panelMemberships)
    .where(lt(panelMemberships.endedOn, leftBefore));
  // The membership goes with its application (on delete cascade).
  const formerMembers =
    former.length === 0
      ? []
      : await db
          .delete(panelApplications)
          .where(
            inArray(
              panelApplications.id,
              former.map((f) => f.applicationId),
            ),
          )
          .returning({ id: panelApplications.id });
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  const equality = await db
    .delete(equalityResponses)
    .where(lt(equalityResponses.submittedMonth, addYears(firstOfMonth, -PANEL_RETENTION.equalityYears)))
    .returning({ id: equalityResponses.id });
  return {
    panelDeclined: declined.length,
    panelWaitlisted: waitlisted.length,
    panelUndecided: undecided.length,
    panelFormerMembers: formerMembers.length,
    equalityResponses: equality.length,
  };
}
