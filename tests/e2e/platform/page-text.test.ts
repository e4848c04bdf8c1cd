// Words must not run together: a link, an emphasised phrase or an inserted value glued to the word
// beside it ("ask for the BloomsburySafer Neighbourhood team", "Patrol on020 7974 4444") reads
// wrongly aloud and on screen. Checked on the rendered page (innerText), on every public page.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { seedEventUid } from '../../../db/seed-data/events.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');
const wardsFile = JSON.parse(readFileSync('db/seed-data/wards.json', 'utf8')) as {
  boroughs: { wards: { slug: string }[] }[];
};

const PUBLIC_PAGES = [
  '/',
  '/action-plan',
  ...Array.from({ length: 10 }, (_, i) => `/action-plan/${i + 1}`),
  '/wards',
  ...wardsFile.boroughs.flatMap((b) => b.wards.map((w) => `/wards/${w.slug}`)),
  '/wards/bloomsbury/panel',
  '/wards/tufnell-park/panel',
  '/performance',
  '/newsletters',
  '/newsletters?page=1',
  '/newsletters/2024-09-a-new-met-for-london-progress',
  '/newsletters/2024-10-camdens-local-action-plan',
  '/newsletters/2024-11-clear-hold-build-in-somers-town',
  '/newsletters/2024-12-how-to-report-anti-social-behaviour',
  '/newsletters/check-your-email',
  '/newsletters/unsubscribed',
  '/accessibility',
  '/privacy',
  '/report',
  '/report/what',
  '/report/where',
  '/report/when',
  '/report/details',
  '/report/contact',
  '/report/check',
  '/report/sent',
  '/report/track',
  '/wards/mildmay/vote',
  '/wards/mildmay/vote/code',
  '/wards/mildmay/vote/counted',
  '/wards/arsenal/vote',
  '/events',
  '/events/past',
  `/events/${seedEventUid(14)}`,
  `/events/${seedEventUid(15)}`,
  '/get-involved',
  '/get-involved/ward-panel/ward',
  '/get-involved/ward-panel/about',
  '/get-involved/ward-panel/connection',
  '/get-involved/ward-panel/reason',
  '/get-involved/ward-panel/consent',
  '/get-involved/ward-panel/equality',
  '/get-involved/ward-panel/check',
  '/get-involved/ward-panel/sent',
  '/get-involved/youth-forum/birth',
  '/get-involved/youth-forum/age?too=young',
  '/get-involved/youth-forum/age?too=old',
  '/get-involved/confirm',
  '/get-involved/confirmed',
  '/get-involved/guardian',
  '/get-involved/guardian/done?answer=approved',
  '/no-such-page',
];

/** Words that really are written with a capital inside them. */
const MIXED_CASE_WORDS = new Set(['emergencySMS', 'JavaScript', 'AbilityNet']);

/**
 * Places where the text on either side of an inline element's edge are both letters or digits, and
 * words that look glued: a lower-case letter followed by a capital, or a word running into a number.
 */
async function gluedText(page: Page): Promise<string[]> {
  const problems = await page.evaluate(() => {
    const INLINE =
      'a, abbr, b, bdi, cite, code, data, dfn, em, i, kbd, mark, q, s, samp, small, span, strong, sub, sup, time, u, var';
    const word = /[\p{L}\p{N}]/u;
    const found: string[] = [];
    const before = '\u2060\u0001';
    const after = '\u0002\u2060';
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>(`main ${INLINE}, footer ${INLINE}, .cn-emergency ${INLINE}`),
    )) {
      if (getComputedStyle(el).display !== 'inline') continue;
      let block: HTMLElement | null = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (!block) continue;
      const start = document.createTextNode(before);
      const end = document.createTextNode(after);
      el.before(start);
      el.after(end);
      const text = block.innerText;
      start.remove();
      end.remove();
      const a = text.indexOf(before);
      const b = text.indexOf(after);
      if (a === -1 || b === -1) continue;
      const outsideStart = text[a - 1] ?? '';
      const insideStart = text[a + before.length] ?? '';
      const insideEnd = text[b - 1] ?? '';
      const outsideEnd = text[b + after.length] ?? '';
      const context = (from: number, to: number) =>
        text
          .slice(Math.max(0, from - 20), to + 20)
          .replaceAll(before, '[')
          .replaceAll(after, ']');
      if (word.test(outsideStart) && word.test(insideStart))
        found.push(`before <${el.localName}>: ${context(a, a)}`);
      if (word.test(insideEnd) && word.test(outsideEnd))
        found.push(`after <${el.localName}>: ${context(b, b)}`);
    }
    // Each text node on its own: an inserted value sits in the same text node as the words around it.
    // Not the code of a script or style element (an island page's hydration script), nor an address
    // shown as code to copy (a calendar feed's URL is not words).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement?.closest('script, style, code') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const texts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? '');
    return { found, text: texts.join(' ') };
  });
  for (const token of problems.text.split(/[^\p{L}\p{N}]+/u)) {
    if (MIXED_CASE_WORDS.has(token)) continue;
    if (/\p{Ll}\p{Lu}/u.test(token) || /\p{Ll}{2}\p{N}/u.test(token))
      problems.found.push(`glued word: ${token}`);
  }
  return problems.found;
}

describe('no words run together', () => {
  it.for(PUBLIC_PAGES)('%s', async (path, { page }) => {
    await page.goto(baseURL + path);
    expect(await gluedText(page)).toEqual([]);
  });

  it('the check finds a link glued to the words on either side', async ({ page }) => {
    await page.setContent(
      '<main><p>Call the Patrol on<a href="tel:1">020 7974 4444</a>between 4pm and 4am.</p><p>ask for the BloomsburySafer team</p></main>',
    );
    expect(await gluedText(page)).toEqual([
      expect.stringMatching(/^before <a>: .*on\[020 7974 4444\]/),
      expect.stringMatching(/^after <a>: .*on\[020 7974 4444\]between/),
      'glued word: BloomsburySafer',
    ]);
  });
});
