// Rules for the monthly newsletter, with no I/O: audiences and who they reach, slugs, the labels
// residents read. publishing.server.ts applies the same matching rule in SQL; a unit test and an
// integration test hold the two together.

export const AUDIENCES = ['all', 'borough', 'wards'] as const;
export type AudienceKind = (typeof AUDIENCES)[number];

/** Who an issue is for, or what a subscriber asked to receive; places by slug. */
export type Audience =
  | { kind: 'all' }
  | { kind: 'borough'; borough: string }
  | { kind: 'wards'; wards: string[] };

export interface PlaceIndex {
  /** ward slug → its borough's slug */
  boroughOfWard: ReadonlyMap<string, string>;
}

/** The boroughs an audience touches (a ward audience touches the boroughs of its wards). */
function boroughsOf(a: Audience, places: PlaceIndex): Set<string> {
  if (a.kind === 'borough') return new Set([a.borough]);
  if (a.kind === 'wards') {
    return new Set(a.wards.map((w) => places.boroughOfWard.get(w)).filter((b): b is string => !!b));
  }
  return new Set();
}

/**
 * Does an issue for `issue` reach a subscriber who asked for `wanted`? Everything reaches
 * "everything" subscribers and every subscriber gets command-wide issues; a borough issue reaches
 * everyone who chose that borough or one of its wards; a ward issue reaches those who chose one of
 * its wards or the borough it is in.
 */
export function audienceReaches(issue: Audience, wanted: Audience, places: PlaceIndex): boolean {
  if (issue.kind === 'all' || wanted.kind === 'all') return true;
  if (issue.kind === 'borough') return boroughsOf(wanted, places).has(issue.borough);
  // issue.kind === 'wards'
  if (wanted.kind === 'borough') return boroughsOf(issue, places).has(wanted.borough);
  const chosen = new Set(wanted.wards);
  return issue.wards.some((w) => chosen.has(w));
}

export interface PlaceNames {
  boroughName(slug: string): string | undefined;
  wardName(slug: string): string | undefined;
}

/** "All of Central North (Camden and Islington)", "Camden", "Bloomsbury and Holborn and Covent Garden". */
export function describeAudience(a: Audience, names: PlaceNames): string {
  if (a.kind === 'all') return 'Everyone in Camden and Islington';
  if (a.kind === 'borough') return `Everyone in ${names.boroughName(a.borough) ?? a.borough}`;
  const wards = a.wards.map((w) => names.wardName(w) ?? w);
  return `${wards.length === 1 ? 'The ward of' : 'The wards of'} ${listInWords(wards)}`;
}

export function listInWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A URL key from the issue's date and title: "2024-10-safer-streets-in-somers-town". */
export function newsletterSlug(issueDate: string, title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${issueDate.slice(0, 7)}${words ? `-${words}` : ''}`;
}

/** Subscriber states: pending (asked, not confirmed), confirmed (receives issues), unsubscribed. */
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** How long a confirmation link works; an unconfirmed subscription is erased after it. */
export const CONFIRM_DAYS = 7;

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "October 2024" from "2024-10-31": an issue is dated by its month. */
export function monthText(issueDate: string): string {
  return MONTH.format(new Date(`${issueDate}T12:00:00Z`));
}
