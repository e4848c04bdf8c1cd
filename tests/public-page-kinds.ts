// One page of each kind of public content page (issue 10's list): the page benchmarks load them, and
// the browser tests check them where one of each is enough.
export const PUBLIC_PAGE_KINDS = [
  '/',
  '/action-plan',
  '/action-plan/1',
  '/wards',
  '/wards/kings-cross',
  '/performance',
  '/newsletters',
  '/newsletters/2024-11-clear-hold-build-in-somers-town',
] as const;
