// Every server action. Each staff action calls requireStaff() first; the authorisation test table
// (tests/e2e/authorisation.test.ts) lists them all and fails if one is missing from it.
import { account } from './account.ts';
import { auth } from './auth.ts';
import { concerns } from './concerns.ts';
import { emails } from './emails.ts';
import { newsletters } from './newsletters.ts';
import { planUpdates } from './plan-updates.ts';
import { report } from './report.ts';
import { staff } from './staff.ts';
import { subscriptions } from './subscriptions.ts';

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
};
