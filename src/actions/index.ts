// Every server action. Each staff action calls requireStaff() first; the authorisation test table
// (tests/e2e/platform/authorisation.test.ts) lists them all and fails if one is missing from it.
import { account } from './account.ts';
import { planUpdates } from './action-plan.ts';
import { apply } from './applications.ts';
import { auth } from './auth.ts';
import { report } from './concern-reports.ts';
import { concerns } from './concern-triage.ts';
import { emails } from './email.ts';
import { events } from './events.ts';
import { newsletters } from './newsletters.ts';
import { panelStaff } from './panel-staff.ts';
import { priorities } from './priorities.ts';
import { staff } from './staff.ts';
import { subscriptions } from './subscriptions.ts';
import { voteRounds } from './vote-rounds.ts';
import { votes } from './votes.ts';

export const server = {
  auth,
  account,
  staff,
  planUpdates,
  emails,
  newsletters,
  subscriptions,
  report,
  concerns,
  priorities,
  votes,
  voteRounds,
  events,
  panelStaff,
  apply,
};
