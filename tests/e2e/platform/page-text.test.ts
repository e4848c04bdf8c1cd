// Words must not run together: a link, an emphasised phrase or an inserted value glued to the word
// beside it ("ask for the BloomsburySafer Neighbourhood team", "Patrol on020 7974 4444") reads
// wrongly aloud and on screen. Checked on the rendered page (innerText), on every public page; with
// one kind of apostrophe, and a title that names the page as its heading does.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { seedEventUid } from '../../../db/seed-data/events.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');
const wardsFile = JSON.parse(readFileSync('db/seed-data/wards.json', 'utf8')) as {
  boroughs: { wards: { slug: string; name: string }[] }[];
};
/** Ward names as officially spelt, some with a straight apostrophe ("King's Cross"). */
const WARD_NAMES = wardsFile.boroughs.flatMap((b) => b.wards.map((w) => w.name));

const PUBLIC_PAGES = [
  '/',
  '/action-plan',
  '/action-plan?pillar=less-crime&borough=islington',
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
  '/get-involved/ward-panel/adult',
  '/get-involved/ward-panel/age',
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
 * Every inline element gets a marker of its own at each edge (a private-use character, numbered), all
 * at once; each block's text is then read once. Reading it once per element laid the page out again
 * for every element (a ward page has hundreds).
 */
async function gluedText(page: Page): Promise<string[]> {
  const problems = await page.evaluate(() => {
    const INLINE =
      'a, abbr, b, bdi, cite, code, data, dfn, em, i, kbd, mark, q, s, samp, small, span, strong, sub, sup, time, u, var';
    const word = /[\p{L}\p{N}]/u;
    const found: string[] = [];
    // Element k's edges are U+F0000 + k and U+100000 + k: private use, not whitespace, never in a page.
    const START = 0xf0000;
    const END = 0x100000;
    const isMarker = (c: string | undefined) => c !== undefined && (c.codePointAt(0) ?? 0) >= START;
    const edges = Array.from(
      document.querySelectorAll<HTMLElement>(`main ${INLINE}, footer ${INLINE}, .cn-emergency ${INLINE}`),
    ).flatMap((el) => {
      if (getComputedStyle(el).display !== 'inline') return [];
      let block: HTMLElement | null = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      return block ? [{ el, block }] : [];
    });
    const markers = edges.flatMap(({ el }, k) => {
      const start = document.createTextNode(String.fromCodePoint(START + k));
      const end = document.createTextNode(String.fromCodePoint(END + k));
      el.before(start);
      el.after(end);
      return [start, end];
    });
    const blockTexts = new Map<HTMLElement, string[]>();
    for (const { block } of edges)
      if (!blockTexts.has(block)) blockTexts.set(block, Array.from(block.innerText));
    for (const marker of markers) marker.remove();

    edges.forEach(({ el, block }, k) => {
      const text = blockTexts.get(block) ?? [];
      const a = text.indexOf(String.fromCodePoint(START + k));
      const b = text.indexOf(String.fromCodePoint(END + k));
      if (a === -1 || b === -1) return;
      // The nearest character that is not a marker, stepping from i by step (other elements' edges
      // are not text).
      const near = (i: number, step: number) => {
        while (isMarker(text[i])) i += step;
        return text[i] ?? '';
      };
      const context = (at: number) =>
        text
          .slice(Math.max(0, at - 20), at + 20)
          .map((c) => (c === text[a] ? '[' : c === text[b] ? ']' : isMarker(c) ? '' : c))
          .join('');
      if (word.test(near(a - 1, -1)) && word.test(near(a + 1, 1)))
        found.push(`before <${el.localName}>: ${context(a)}`);
      if (word.test(near(b - 1, -1)) && word.test(near(b + 1, 1)))
        found.push(`after <${el.localName}>: ${context(b)}`);
    });
    // Each text node on its own: an inserted value sits in the same text node as the words around it.
    // Not the code of a script or style element (an island page's hydration script), nor an address
    // shown as code to copy (a calendar feed's URL is not words).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement?.closest('script, style, code') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const texts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? '');
    const shown = ['main', 'footer', '.cn-emergency'].map(
      (q) => document.querySelector<HTMLElement>(q)?.innerText ?? '',
    );
    return { found, text: texts.join(' '), shown: shown.join('\n') };
  });
  // A space before a comma, full stop or semicolon, as the reader sees the page ("10 actions , with"):
  // the lines between two expressions in a template.
  for (const [, context] of problems.shown.matchAll(/(.{0,20}[\p{L}\p{N})”’][ \t]+[,.;](?=\s|$).{0,20})/gu))
    problems.found.push(`space before punctuation: ${context}`);
  // One kind of apostrophe in the portal's own words: ’. Ward names keep their official spelling.
  const words = WARD_NAMES.reduce((text, name) => text.replaceAll(name, ''), problems.text);
  // A letter's or digit's ' before a letter ("ward's", "16's"), or a plural's before a space or a stop
  // ("councils' "); the context around each is looked at, not taken, so one next to another is found too.
  const straight = /(?<=(.{0,20}))(?:[\p{L}\p{N}]'\p{L}|\p{L}s'(?=[\s.,;:)]))(?=(.{0,20}))/gu;
  for (const [found, before, after] of words.matchAll(straight))
    problems.found.push(`straight apostrophe: ${before}${found}${after}`);
  for (const token of problems.text.split(/[^\p{L}\p{N}]+/u)) {
    if (MIXED_CASE_WORDS.has(token)) continue;
    if (/\p{Ll}\p{Lu}/u.test(token) || /\p{Ll}{2}\p{N}/u.test(token))
      problems.found.push(`glued word: ${token}`);
  }
  return problems.found;
}

/** The page's title before " – " and "Error: ", and its heading (the home page's title is the site's name). */
async function titleAndHeading(page: Page): Promise<{ title: string; heading: string }> {
  const title = (await page.title()).split(' – ')[0]?.replace(/^Error: /, '') ?? '';
  const heading = (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
  return { title, heading };
}

describe('no words run together', () => {
  it.for(PUBLIC_PAGES)('%s', async (path, { page }) => {
    await page.goto(baseURL + path);
    expect(await gluedText(page)).toEqual([]);
    // The tab's title says what the heading says ("Action 1: …" and "Cancelled: …" may add to it): a
    // screen reader user hears the title first.
    if (path !== '/') {
      const { title, heading } = await titleAndHeading(page);
      expect(
        title.includes(heading) || heading.includes(title),
        `title "${title}", heading "${heading}"`,
      ).toBe(true);
    }
  });

  it('the check finds a link glued to the words on either side, and a space before a comma', async ({
    page,
  }) => {
    await page.setContent(
      "<main><p>Call the Patrol on<a href=\"tel:1\">020 7974 4444</a>between 4pm and 4am.</p><p>ask for the BloomsburySafer team</p><p>The ward's team in King's Cross</p><p>the councils' committees</p><h2>10 actions\n  <span>, with Camden’s commitments</span></h2></main>",
    );
    expect(await gluedText(page)).toEqual([
      expect.stringMatching(/^before <a>: .*on\[020 7974 4444\]/),
      expect.stringMatching(/^after <a>: .*on\[020 7974 4444\]between/),
      expect.stringMatching(/^space before punctuation: .*10 actions , with/),
      expect.stringMatching(/^straight apostrophe: .*The ward's team in /),
      expect.stringMatching(/^straight apostrophe: .*the councils' committees/),
      'glued word: BloomsburySafer',
    ]);
  });
});
