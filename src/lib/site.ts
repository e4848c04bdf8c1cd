// Names and navigation shared by every page.
export const SITE_NAME = 'Central North Community Safety';
export const SITE_OWNER =
  'Metropolitan Police Central North (Camden and Islington) with Camden and Islington councils';

export interface NavItem {
  href: string;
  text: string;
  /** Current only on this exact path, not on the paths below it. */
  exact?: boolean;
  /** When the section's pages are not all below `href`: whether it is current on this path. */
  current?: (pathname: string) => boolean;
}

/** Main navigation: only routes that exist. Later features add theirs here. */
export const MAIN_NAV: NavItem[] = [
  { href: '/action-plan', text: 'Local Action Plan' },
  { href: '/wards', text: 'Wards' },
  { href: '/performance', text: 'Performance' },
  { href: '/newsletters', text: 'Newsletter' },
  { href: '/events', text: 'Events' },
  { href: '/report', text: 'Report anti-social behaviour' },
];

export const FOOTER_NAV: NavItem[] = [
  { href: '/accessibility', text: 'Accessibility statement' },
  { href: '/privacy', text: 'Privacy notice' },
];

/** Is `href` the current section of `pathname`? */
export function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The licence the portal's open data is published under. */
export const OPEN_GOVERNMENT_LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;
