// The figures on the back-office dashboard. Each is shown only to roles that can act on it;
// later features (concerns, applications, votes) add theirs here.
import { and, count, eq, gte } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { auditLog, staffUsers } from '../../../db/schema/index.ts';
import { countDraftUpdates } from '../action-plan/plan-updates.server.ts';
import { can, type Role } from '../auth/permissions.ts';
import type { WardScope } from '../auth/ward-scope.ts';
import { countOpenConcerns } from '../concerns/triage-queue.server.ts';
import { countFailedEmails } from '../email/back-office.server.ts';
import { countWaitingApplications } from '../panels/review.server.ts';
import { countRoundsToDecide } from '../votes/rounds.server.ts';

export interface DashboardCount {
  label: string;
  value: number;
  href: string;
}

export async function dashboardCounts(
  db: Db,
  role: Role,
  now = new Date(),
  /** The member's ward scope, for counts of ward records (concerns). */
  scope: WardScope = 'all',
): Promise<DashboardCount[]> {
  const out: DashboardCount[] = [];
  if (can(role, 'concern:view')) {
    out.push({
      label: 'Concerns not yet closed',
      value: await countOpenConcerns(db, scope),
      href: '/staff/concerns?status=open',
    });
  }
  if (can(role, 'priority:write')) {
    out.push({
      label: 'Priority votes waiting for the panel’s decision',
      value: await countRoundsToDecide(db, scope, now),
      href: '/staff/votes',
    });
  }
  if (can(role, 'panel:review')) {
    out.push({
      label: 'Applications to panels waiting for a decision',
      value: await countWaitingApplications(db, scope),
      href: '/staff/panels',
    });
  }
  if (can(role, 'plan_update:write')) {
    out.push({
      label: 'Plan updates in draft',
      value: await countDraftUpdates(db),
      href: '/staff/action-plan',
    });
  }
  if (can(role, 'staff:manage')) {
    const [active] = await db.select({ n: count() }).from(staffUsers).where(eq(staffUsers.active, true));
    out.push({ label: 'Active staff accounts', value: Number(active?.n ?? 0), href: '/staff/users' });
  }
  if (can(role, 'audit:view')) {
    const since = new Date(now.getTime() - 86_400_000);
    const failures = async (action: string) => {
      const [row] = await db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.action, action), gte(auditLog.at, since)));
      return Number(row?.n ?? 0);
    };
    // Side by side: a run of second-factor failures means someone has the password.
    for (const [action, label] of [
      ['auth.login_failed', 'Failed sign-ins in the last 24 hours'],
      ['auth.second_factor_failed', 'Wrong second-factor codes in the last 24 hours'],
    ] as const) {
      out.push({ label, value: await failures(action), href: `/staff/audit?action=${action}` });
    }
  }
  if (can(role, 'email:retry')) {
    const { failed, dead } = await countFailedEmails(db);
    out.push({ label: 'Email waiting to be retried', value: failed, href: '/staff/emails' });
    out.push({ label: 'Email given up (needs a decision)', value: dead, href: '/staff/emails' });
  }
  return out;
}
