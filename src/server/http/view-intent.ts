// Did a person choose to open this page? Views of personal data are audited, so a view must be one
// a person asked for: not a browser's prefetch, and not a navigation another site started (a link
// or a form on a foreign page could otherwise fill the audit log with views nobody made, or show
// data to someone tricked into following it).

export type ViewIntent = 'chosen' | 'prefetch' | 'foreign';

/**
 * - `Sec-Purpose: prefetch` (Chromium, Firefox), `Purpose: prefetch` (older) → prefetch.
 * - `Sec-Fetch-Site`: `same-origin` (a link in the back office) or `none` (typed, bookmarked) → chosen;
 *   `same-site` and `cross-site` → foreign (another origin started it, even a sister subdomain).
 * - No `Sec-Fetch-Site` (an old browser, a script): chosen only when the `Referer` is absent or
 *   ours. Our own pages send a same-origin Referer (Referrer-Policy: same-origin).
 */
export function viewIntent(headers: Headers, origin: string): ViewIntent {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''}`.toLowerCase();
  if (/\bprefetch\b|\bprerender\b/.test(purpose)) return 'prefetch';
  const site = headers.get('sec-fetch-site')?.toLowerCase();
  if (site) return site === 'same-origin' || site === 'none' ? 'chosen' : 'foreign';
  const referer = headers.get('referer');
  if (!referer) return 'chosen';
  try {
    return new URL(referer).origin === origin ? 'chosen' : 'foreign';
  } catch {
    return 'foreign';
  }
}
