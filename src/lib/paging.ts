// One way to page a list query: the page asked for (clamped to the pages there are), its items,
// and how many pages there are. The feature supplies the two queries; this does the arithmetic.

export interface Paged<T> {
  items: T[];
  /** The page shown, from 1 (the last page when a later one was asked for). */
  page: number;
  /** At least 1, even when there are no items. */
  pages: number;
  total: number;
}

export interface PageWindow {
  limit: number;
  offset: number;
}

/** Keeps a page number and size sensible whatever a query string said. */
export function pageWindow(page: number, size: number): PageWindow {
  const limit = Math.min(Math.max(Math.trunc(size) || 1, 1), 200);
  const p = Math.max(Math.trunc(page) || 1, 1);
  return { limit, offset: (p - 1) * limit };
}

/**
 * Runs `items` for the page asked for and `count` for the total, together; when the page asked for
 * is past the end (a bookmarked page of a list that shrank), shows the last page instead.
 */
export async function paginate<T>(
  request: { page?: number | undefined; size: number },
  items: (window: PageWindow) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Paged<T>> {
  const window = pageWindow(request.page ?? 1, request.size);
  const [rows, total] = await Promise.all([items(window), count()]);
  const pages = Math.max(1, Math.ceil(total / window.limit));
  const page = window.offset / window.limit + 1;
  if (page > pages && total > 0) {
    const last = pageWindow(pages, window.limit);
    return { items: await items(last), page: pages, pages, total };
  }
  return { items: rows, page: Math.min(page, pages), pages, total };
}

/** The page numbers a pagination bar shows: first, last, and the current one's neighbours; null is a gap. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of shown) {
    const prev = out.at(-1);
    if (typeof prev === 'number' && n - prev > 1) out.push(n - prev === 2 ? n - 1 : null);
    out.push(n);
  }
  return out;
}
