import { describe, expect, it } from 'vitest';
import { pageNumbers, pageWindow, paginate } from './paging.ts';

const numbers = Array.from({ length: 23 }, (_, i) => i + 1);
const source = {
  items: async ({ limit, offset }: { limit: number; offset: number }) =>
    numbers.slice(offset, offset + limit),
  count: async () => numbers.length,
};

describe('paging', () => {
  it('gives a page of items, the page and the number of pages', async () => {
    const second = await paginate({ page: 2, size: 10 }, source.items, source.count);
    expect(second).toEqual({ items: numbers.slice(10, 20), page: 2, pages: 3, total: 23 });
    const last = await paginate({ page: 3, size: 10 }, source.items, source.count);
    expect(last.items).toEqual([21, 22, 23]);
  });
  it('shows the last page for a page past the end, and one empty page for nothing', async () => {
    const past = await paginate({ page: 9, size: 10 }, source.items, source.count);
    expect(past).toEqual({ items: [21, 22, 23], page: 3, pages: 3, total: 23 });
    const none = await paginate(
      { page: 4, size: 10 },
      async () => [],
      async () => 0,
    );
    expect(none).toEqual({ items: [], page: 1, pages: 1, total: 0 });
  });
  it('keeps the window sensible', () => {
    expect(pageWindow(0, 50)).toEqual({ limit: 50, offset: 0 });
    expect(pageWindow(3, 1000)).toEqual({ limit: 200, offset: 400 });
    expect(pageWindow(Number.NaN, 0)).toEqual({ limit: 1, offset: 0 });
  });
  it('numbers the pages around the current one, with gaps', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
  });
});
