// The performance charts fit the screen they are read on, with no sideways scrolling: on a 320 px
// phone, on that phone with the browser's text at 200% (WCAG 1.4.4, 1.4.10) and at 1280 px, every
// bar, line, marker and label of every chart is inside the viewport and none sits in a scrolling
// region; every label is 12 px or more, none overlaps another label or a bar or marker, and each
// bar's change is written out as text. Each chart keeps its text alternative (a named image pointing
// to the table of the same figures), and axe passes at each width.
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations, setDefaultTextSize } from '../browser.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');

/** What is wrong with the charts as drawn: empty when every chart fits and reads cleanly. */
function chartProblems(page: Page): Promise<{ charts: number; labels: number; problems: string[] }> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const viewport = document.documentElement.clientWidth;
    type Box = { left: number; right: number; top: number; bottom: number };
    const overlap = (a: Box, b: Box): boolean =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const shown = (r: DOMRect): boolean => r.width > 0 || r.height > 0;
    const charts = Array.from(document.querySelectorAll<HTMLElement | SVGElement>('.cn-chart [role="img"]'));
    let labels = 0;
    for (const chart of charts) {
      const name = (chart.getAttribute('aria-label') ?? chart.getAttribute('aria-labelledby') ?? '?').slice(
        0,
        60,
      );
      const scroller = chart.closest('.cn-scroll-region');
      if (scroller) problems.push(`${name}: scrolls sideways inside a region`);
      // Everything drawn: the chart itself and each element in it that has a box on the page.
      for (const el of [chart, ...Array.from(chart.querySelectorAll('*'))]) {
        if (el.closest('defs, title, desc')) continue;
        const r = el.getBoundingClientRect();
        if (!shown(r)) continue;
        if (r.left < -0.5 || r.right > viewport + 0.5) {
          const what = `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 30)}"`;
          problems.push(
            `${name}: ${what} spans ${Math.round(r.left)}–${Math.round(r.right)} px of ${viewport}`,
          );
        }
      }
      // Labels: SVG text elements and lines of HTML text, as the eye sees them.
      const texts: { text: string; box: Box }[] = [];
      for (const text of Array.from(chart.querySelectorAll('text'))) {
        const r = text.getBoundingClientRect();
        if (!shown(r) || !(text.textContent ?? '').trim()) continue;
        const scale = text.getScreenCTM()?.a ?? 1;
        const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
        if (size < 12) problems.push(`${name}: "${text.textContent}" is ${size.toFixed(1)} px`);
        texts.push({ text: text.textContent ?? '', box: r });
      }
      const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('svg') || !(node.textContent ?? '').trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const size = Number.parseFloat(getComputedStyle(parent).fontSize);
        if (size < 12) problems.push(`${name}: "${node.textContent}" is ${size.toFixed(1)} px`);
        for (const r of Array.from(range.getClientRects())) {
          if (shown(r)) texts.push({ text: node.textContent ?? '', box: r });
        }
      }
      labels += texts.length;
      const marks = Array.from(chart.querySelectorAll('rect[fill], use[fill], circle[fill]'))
        .map((m) => m.getBoundingClientRect())
        .filter(shown);
      texts.forEach((a, i) => {
        for (const b of texts.slice(i + 1)) {
          if (overlap(a.box, b.box)) problems.push(`${name}: "${a.text}" overlaps "${b.text}"`);
        }
        if (marks.some((m) => overlap(a.box, m)))
          problems.push(`${name}: "${a.text}" overlaps a bar or marker`);
      });
      // A change chart writes each change out, as its table does (not only as a bar's length).
      const table = chart.closest('.cn-chart')?.querySelector('table');
      const said = texts.map((t) => t.text).join(' ');
      if (name.startsWith('Bar chart') && table) {
        const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent ?? '');
        for (const row of Array.from(table.querySelectorAll('tbody tr'))) {
          Array.from(row.children).forEach((cell, col) => {
            const change = (cell.textContent ?? '').trim();
            if (headers[col]?.endsWith(': change') && !said.includes(change)) {
              problems.push(`${name}: the change "${change}" is not written in the chart`);
            }
          });
        }
      }
    }
    return { charts: charts.length, labels, problems };
  });
}

describe('charts on /performance', () => {
  it.for([
    { width: 320, text: 16 },
    { width: 320, text: 32 },
    { width: 1280, text: 16 },
  ])(
    'at $width px with $text px text every chart fits the screen and its labels read cleanly',
    async ({ width, text }, { openPage }) => {
      const page = await openPage({ width });
      if (text !== 16) await setDefaultTextSize(page, text);
      await page.goto(`${baseURL}/performance`);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(
        `${text}px`,
      );
      const report = await chartProblems(page);
      expect(report.charts).toBe(5);
      expect(report.labels).toBeGreaterThan(50);
      expect(report.problems).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expectNoAxeViolations(page);
    },
  );

  it('each chart is an image named for what it shows, described, and followed by its table', async ({
    openPage,
  }) => {
    const page = await openPage({ width: 320 });
    await page.goto(`${baseURL}/performance`);
    expect(await page.getByRole('img', { name: /^Bar chart: percentage change in / }).count()).toBe(2);
    expect(await page.getByRole('img', { name: /^Line chart: / }).count()).toBe(3);
    for (const chart of await page.locator('.cn-chart [role="img"]').all()) {
      expect(await chart.getAttribute('aria-describedby')).toMatch(/-description$/);
      const name = await chart.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent);
      expect(name).toContain('The figures are in the table that follows.');
    }
    expect(await page.locator('.cn-chart table').count()).toBe(5);
    // Each table's caption says what its figures are, with no phrase said twice ("by month, by month").
    for (const caption of await page.locator('.cn-chart table caption').allTextContents()) {
      expect(caption).toMatch(
        /: (the figures for each month|this period, the previous period and the change)$/,
      );
      expect(caption).not.toMatch(/\b(\w+ \w+), \1\b/);
    }
  });

  it('table regions are labelled and reachable by keyboard', async ({ openPage }) => {
    const page = await openPage({ width: 320 });
    await page.goto(`${baseURL}/performance`);
    const regions = await page.locator('.cn-scroll-region').evaluateAll((els) =>
      els.map((el) => ({
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label'),
        tabindex: el.getAttribute('tabindex'),
        table: el.querySelector('table') !== null,
      })),
    );
    expect(regions.length).toBeGreaterThanOrEqual(5);
    for (const r of regions) {
      expect(r.role).toBe('region');
      expect(r.label).toMatch(/\S/);
      expect(r.tabindex).toBe('0');
    }
    await expectNoAxeViolations(page);
  });
});
