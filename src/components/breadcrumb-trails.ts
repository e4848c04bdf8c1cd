// The links a GOV.UK breadcrumb trail shows (Breadcrumbs.astro renders them), and the trails more
// than one page shares, written once here.

/** One link in a breadcrumb trail. */
export interface Crumb {
  href: string;
  text: string;
}

/** Home › Meetings and events: the trail of a meeting's page and of the past ones. */
export const EVENTS_CRUMBS: readonly Crumb[] = [
  { href: '/', text: 'Home' },
  { href: '/events', text: 'Meetings and events' },
];

/** The back office's meetings and events: the trail of an event's staff pages. */
export const STAFF_EVENTS_CRUMBS: readonly Crumb[] = [{ href: '/staff/events', text: 'Meetings and events' }];

/** Home › Wards: the trail of a ward's own page. */
export const WARDS_CRUMBS: readonly Crumb[] = [
  { href: '/', text: 'Home' },
  { href: '/wards', text: 'Wards' },
];

/** Home › Wards › the ward: the trail of the pages under a ward's page (its panel, its vote). */
export function wardCrumbs(ward: { slug: string; name: string }): Crumb[] {
  return [...WARDS_CRUMBS, { href: `/wards/${ward.slug}`, text: ward.name }];
}
