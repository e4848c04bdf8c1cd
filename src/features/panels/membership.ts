// The rules of running panel membership, with no I/O: which panel a URL names, who may review it,
// the decisions staff make and from where, the default term, the age on a day, and what a member's
// public listing may say (decisions 0136, 0137, 0140).
import type { WardScope } from '../auth/ward-scope.ts';
import { ADULT_AGE, ageOn, GUARDIAN_UNDER_AGE } from './age-rules.ts';
import { connectionOf, firstNameOf, publicRoleFor } from './applications.ts';

export type PanelBody = 'ward_panel' | 'youth_forum';

/** A panel: a ward's Ward Panel, or the Youth Advisory Forum (one for Central North). */
export type PanelKey = { body: 'ward_panel'; wardSlug: string } | { body: 'youth_forum' };

/** The Forum's URL segment where a ward's slug would be (no ward has this slug). */
export const YOUTH_FORUM_SEGMENT = 'youth-advisory-forum';
export const YOUTH_FORUM_NAME = 'Youth Advisory Forum';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The panel a URL segment names (a ward's slug, or the Forum's segment); null for anything else. */
export function panelKeyOf(segment: string): PanelKey | null {
  if (segment === YOUTH_FORUM_SEGMENT) return { body: 'youth_forum' };
  return SLUG.test(segment) && segment.length <= 80 ? { body: 'ward_panel', wardSlug: segment } : null;
}

export function panelSegment(key: PanelKey): string {
  return key.body === 'youth_forum' ? YOUTH_FORUM_SEGMENT : key.wardSlug;
}

/**
 * May a member with this scope review the panel? A ward officer their own wards' Ward Panels only;
 * the Youth Advisory Forum is reviewed by liaison officers and administrators (decision 0136).
 */
export function coversPanel(scope: WardScope, key: PanelKey): boolean {
  if (scope === 'all') return true;
  return key.body === 'ward_panel' && scope.wardSlugs.includes(key.wardSlug);
}

/** The statuses staff see: before 'pending' an application is the applicant's (or guardian's) to complete. */
export const STAFF_STATUSES = ['pending', 'waitlisted', 'approved', 'declined'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const STATUS_LABELS: Record<StaffStatus, string> = {
  pending: 'Waiting for a decision',
  waitlisted: 'On the waiting list',
  approved: 'Approved',
  declined: 'Declined',
};

export const DECISIONS = ['approved', 'waitlisted', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABELS: Record<Decision, string> = {
  approved: 'Approve: they become a member',
  waitlisted: 'Put on the waiting list',
  declined: 'Decline',
};

/** A pending application may be decided any way; a waitlisted one approved or declined. */
export function mayDecide(from: string, to: Decision): boolean {
  if (from === 'pending') return true;
  return from === 'waitlisted' && to !== 'waitlisted';
}

/** A term is two years unless staff choose otherwise (decision 0137). */
export const DEFAULT_TERM_YEARS = 2;

/** The day `years` years after `day` (YYYY-MM-DD); 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = y + years;
  const last = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function defaultTermEnd(startsOn: string): string {
  return addYears(startsOn, DEFAULT_TERM_YEARS);
}

/** Whole years of age on `day` (both YYYY-MM-DD); someone born on 29 February turns a year older on 1 March in a common year. */

/** Nobody under 18 is ever named on a panel's page. */
export const PUBLIC_MIN_AGE = ADULT_AGE;
/** Under this age a parent's or guardian's consent was needed, and they are copied into our emails. */
export const GUARDIAN_AGE = GUARDIAN_UNDER_AGE;

/** A Ward Panel applicant's connection to the ward, as staff read it. */
export function connectionLabel(connection: string | null): string {
  return connectionOf(connection)?.thirdPerson ?? 'Not given';
}

/** The member's role as the public page shows it: their connection to the ward, or the organisation they represent. */
export function publicRoleOf(a: {
  body: PanelBody;
  connection: string | null;
  organisation: string | null;
}): string {
  if (a.body === 'youth_forum') return 'Forum member';
  const connection = connectionOf(a.connection);
  return connection ? publicRoleFor(connection.value, a.organisation) : 'Panel member';
}

export interface ListingFacts {
  body: PanelBody;
  fullName: string;
  connection: string | null;
  organisation: string | null;
  showOnPanelPage: boolean;
  dateOfBirth: string | null;
}

/**
 * What the panel's page may show of a member approved on `approvedOn`: their first name and role,
 * only if they consented and are 18 or over that day. A Ward Panel application holds no date of
 * birth: then staff must confirm the applicant is an adult (`adultConfirmed`), or nothing is shown.
 */
export function publicListing(
  a: ListingFacts,
  approvedOn: string,
  adultConfirmed: boolean,
): { publicName: string; publicRole: string } | null {
  if (!a.showOnPanelPage) return null;
  const adult = a.dateOfBirth ? ageOn(a.dateOfBirth, approvedOn) >= PUBLIC_MIN_AGE : adultConfirmed;
  const publicName = firstNameOf(a.fullName);
  if (!adult || !publicName) return null;
  return { publicName, publicRole: publicRoleOf(a) };
}

/** Is a parent or guardian copied into the emails about this application on `day`? */
export function copiesGuardian(
  a: { dateOfBirth: string | null; guardianEmail: string | null },
  day: string,
): boolean {
  return !!a.guardianEmail && !!a.dateOfBirth && ageOn(a.dateOfBirth, day) < GUARDIAN_AGE;
}

/** The reminder that a term ends goes this many days before its last day (decision 0140). */
export const REMINDER_DAYS_BEFORE = 56;

/** The last term-end day whose reminder is due on `today`. */
export function remindTermsEndingBy(today: string): string {
  const t = Date.parse(`${today}T00:00:00Z`) + REMINDER_DAYS_BEFORE * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
