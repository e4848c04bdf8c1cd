// The performance charts are readable on a phone and on a desk: every label renders at 12 CSS px or
// more (the SVG is never scaled below its natural size) and none is cut off by the chart's edge.
// A chart wider than the screen scrolls inside a labelled region the keyboard can reach.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('charts on /performance', () => {
  it.each([320, 1280])('at %i px every label is 12 px or more and inside its chart', async (width) => {
    const context = await newContext(browser, { width });
    const page = await context.newPage();
    await page.goto(`${baseURL}/performance`);
    const report = await page.evaluate(() => {
      const problems: string[] = [];
      let texts = 0;
      const charts = Array.from(document.querySelectorAll<SVGSVGElement>('.cn-chart svg[role="img"]'));
      for (const svg of charts) {
        const box = svg.getBoundingClientRect();
        const scale = box.width / svg.viewBox.baseVal.width;
        for (const text of Array.from(svg.querySelectorAll('text'))) {
          texts++;
          const rect = text.getBoundingClientRect();
          const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
          const label = `"${text.textContent}" in ${svg.getAttribute('aria-labelledby')}`;
          if (size < 12) problems.push(`${label}: ${size.toFixed(1)} px`);
          const inside =
            rect.left >= box.left - 0.5 &&
            rect.right <= box.right + 0.5 &&
            rect.top >= box.top - 0.5 &&
            rect.bottom <= box.bottom + 0.5;
          if (!inside) problems.push(`${label}: outside the chart`);
        }
        const region = svg.closest('[role="region"]');
        if (box.width > document.documentElement.clientWidth && !region) {
          problems.push(
            `${svg.getAttribute('aria-labelledby')}: wider than the page and not in a scrolling region`,
          );
        }
      }
      return { charts: charts.length, texts, problems };
    });
    expect(report.charts).toBeGreaterThanOrEqual(5);
    expect(report.texts).toBeGreaterThan(50);
    expect(report.problems).toEqual([]);
    // The page itself does not scroll sideways: only the chart regions do.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await context.close();
  });

  it('chart and table regions are labelled and reachable by keyboard', async () => {
    const context = await newContext(browser, { width: 320 });
    const page = await context.newPage();
    await page.goto(`${baseURL}/performance`);
    const regions = await page.locator('.cn-scroll-region').evaluateAll((els) =>
      els.map((el) => ({
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label'),
        tabindex: el.getAttribute('tabindex'),
      })),
    );
    expect(regions.length).toBeGreaterThanOrEqual(10);
    for (const r of regions) {
      expect(r.role).toBe('region');
      expect(r.label).toMatch(/\S/);
      expect(r.tabindex).toBe('0');
    }
    await expectNoAxeViolations(page);
    await context.close();
  });
});
