// The plan filter with JavaScript off, driven by the keyboard alone.
import { describe, expect } from 'vitest';
import { expectNoAxeViolationsAt } from '../browser.ts';
import { test } from '../browser-test.ts';
import { tabTo } from '../keyboard.ts';

describe('Local Action Plan filter, no JavaScript, keyboard only', () => {
  test('narrows to one pillar and one borough, and the result is a shareable link', async ({
    openPage,
    browser,
    baseURL,
  }) => {
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/action-plan`);
    expect(await page.locator('ol.cn-card-list > li').count()).toBe(10);

    await tabTo(page, 'pillar');
    await page.keyboard.press('ArrowDown'); // More trust
    await page.keyboard.press('ArrowDown'); // Less crime
    await tabTo(page, 'borough');
    await page.keyboard.press('ArrowDown'); // Camden
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Apply filters');
    await Promise.all([page.waitForURL(/pillar=less-crime/), page.keyboard.press('Enter')]);

    const url = new URL(page.url());
    expect(url.pathname).toBe('/action-plan');
    expect(url.searchParams.get('pillar')).toBe('less-crime');
    expect(url.searchParams.get('borough')).toBe('camden');
    const titles = await page.locator('ol.cn-card-list > li h3').allInnerTexts();
    expect(titles.map((t) => t.split(':')[0])).toEqual(['Action 1', 'Action 4', 'Action 8', 'Action 10']);
    const boroughsShown = await page
      .locator('ol.cn-card-list .govuk-inset-text .govuk-\\!-font-weight-bold')
      .allInnerTexts();
    expect(new Set(boroughsShown)).toEqual(new Set(['Camden']));
    expect(await page.locator('#pillar').inputValue()).toBe('less-crime');
    expect(await page.locator('#borough').inputValue()).toBe('camden');
    await expectNoAxeViolationsAt(browser, page.url());

    await page.getByRole('link', { name: 'Clear filters' }).click();
    expect(await page.locator('ol.cn-card-list > li').count()).toBe(10);
  });

  test('follows an action from the list to its progress timeline', async ({ openPage, baseURL }) => {
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/action-plan?pillar=high-standards`);
    await page.getByRole('link', { name: /^Action 2:/ }).click();
    expect(new URL(page.url()).pathname).toBe('/action-plan/2');
    expect(await page.getByRole('heading', { level: 2, name: 'Progress' }).count()).toBe(1);
    expect(await page.locator('.cn-timeline li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { level: 3, name: 'Camden' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 3, name: 'Islington' }).count()).toBe(1);
  });
});
