// Every public page: it loads, passes axe, ships no JavaScript (the /report questions and the vote
// page: only their island, within the budget), and carries the emergency numbers.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject } from 'vitest';
import { seedEventUid } from '../../../db/seed-data/events.ts';
import { PUBLIC_PAGE_KINDS } from '../../public-page-kinds.ts';
import {
  expectFullPolicy,
  expectNoAxeViolations,
  ISLAND_PAGE_BUDGET,
  javaScriptBytes,
  setDefaultTextSize,
  watchForProblems,
} from '../browser.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');
const wardsFile = JSON.parse(readFileSync('db/seed-data/wards.json', 'utf8')) as {
  boroughs: { wards: { slug: string }[] }[];
};
const wardSlugs = wardsFile.boroughs.flatMap((b) => b.wards.map((w) => w.slug));

const CONTENT_PAGES = [
  '/',
  '/action-plan',
  '/action-plan?pillar=more-trust',
  '/action-plan?borough=islington',
  ...Array.from({ length: 10 }, (_, i) => `/action-plan/${i + 1}`),
  '/wards',
  ...wardSlugs.map((s) => `/wards/${s}`),
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
  '/report/sent',
  '/report/track',
  // The vote pages with nothing to enhance: a ward with no open round, no vote waiting for a code.
  '/wards/arsenal/vote',
  '/wards/mildmay/vote/code',
  '/wards/mildmay/vote/counted',
  // Meetings and events: the list, the archive, a moved and a cancelled seeded meeting.
  '/events',
  '/events/past',
  '/events/past?page=1',
  `/events/${seedEventUid(14)}`,
  `/events/${seedEventUid(15)}`,
  // Applying: the pages about it, and those with nothing to enhance.
  '/get-involved',
  '/get-involved/youth-forum/age?too=young',
  '/get-involved/youth-forum/age?too=old',
  '/get-involved/ward-panel/age',
  '/get-involved/ward-panel/sent',
  '/get-involved/confirmed',
  '/get-involved/guardian/done?answer=declined',
];

/** Pages with an island: the /report questions and the check page (ReportJourney); a ward's vote (VoteJourney); the applications (ApplyJourney). */
const ISLAND_PAGES = [
  '/wards/mildmay/vote',
  '/report/what',
  '/report/where',
  '/report/when',
  '/report/details',
  '/report/contact',
  '/report/check',
  '/get-involved/ward-panel/adult',
  '/get-involved/ward-panel/ward',
  '/get-involved/ward-panel/about',
  '/get-involved/youth-forum/birth',
  '/get-involved/ward-panel/check',
];

/**
 * The ward pages share one template and differ only in their data: each is checked over HTTP below,
 * and in the browser (axe, no script requested, keyboard) the first and last of each borough and the
 * longest name stand for the rest (issue 17: 37 axe runs of one template took ~100 s of CI).
 */
const longestWard = [...wardSlugs].sort((a, b) => b.length - a.length)[0] as string;
const sampleWards = new Set([
  ...wardsFile.boroughs.flatMap((b) => [b.wards[0]?.slug, b.wards.at(-1)?.slug]),
  longestWard,
  'kings-cross',
]);
const BROWSER_PAGES = CONTENT_PAGES.filter(
  (p) => !p.startsWith('/wards/') || sampleWards.has(p.slice('/wards/'.length)),
);

describe('content pages, over HTTP', () => {
  it.each(CONTENT_PAGES)(
    '%s: 200, the full policy, one h1, the emergency numbers, no script',
    async (path) => {
      const response = await fetch(baseURL + path);
      expect(response.status).toBe(200);
      expectFullPolicy(response.headers.get('content-security-policy'), path);
      const html = await response.text();
      expect(html.match(/<h1[\s>]/g) ?? []).toHaveLength(1);
      expect(html.replace(/<[^>]+>/g, '')).toContain('In an emergency call 999. Non-emergency: 101.');
      expect(html, 'no script element').not.toMatch(/<script[\s>]/i);
    },
  );
});

describe('content pages', () => {
  it.for(BROWSER_PAGES)('%s', async (path, { page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const measure = javaScriptBytes(page);
    const response = await page.goto(baseURL + path);
    expect(response?.status()).toBe(200);
    expectFullPolicy(response?.headers()['content-security-policy'] ?? null, path);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('.cn-emergency').innerText()).toContain(
      'In an emergency call 999. Non-emergency: 101.',
    );
    expect(await page.locator('script').count(), 'no script element').toBe(0);
    expect(scripts, 'no script requested').toEqual([]);
    expect((await measure()).total, 'bytes of JavaScript').toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await expectNoAxeViolations(page);
  });
});

describe('island pages', () => {
  it.for(ISLAND_PAGES)('%s', async (path, { page }) => {
    const problems = await watchForProblems(page);
    const measure = javaScriptBytes(page);
    const response = await page.goto(baseURL + path);
    expect(response?.status()).toBe(200);
    expectFullPolicy(response?.headers()['content-security-policy'] ?? null, path);
    expect(await page.locator('h1').count()).toBe(1);
    // Hydrated (no CSP violation stopped it): the island wraps the page's content.
    await expect.poll(() => page.locator('astro-island').getAttribute('ssr'), { timeout: 10_000 }).toBeNull();
    const js = await measure();
    expect(js.total, 'bytes of JavaScript').toBeGreaterThan(0);
    expect(js.total, 'bytes of JavaScript').toBeLessThanOrEqual(ISLAND_PAGE_BUDGET);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await expectNoAxeViolations(page);
    expect(await problems()).toEqual([]);
  });
});

describe('error pages', () => {
  it.for(['/no-such-page', '/action-plan/11', '/action-plan/abc', '/wards/atlantis'])(
    '%s is a 404 in the site’s look',
    async (path, { page }) => {
      const response = await page.goto(baseURL + path);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
      await expectNoAxeViolations(page);
    },
  );

  it('explains a bad filter with an error summary and a 400', async ({ page }) => {
    const response = await page.goto(`${baseURL}/action-plan?pillar=bogus`);
    expect(response?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Choose a pillar from the list');
    expect(await page.locator('#pillar-error').innerText()).toContain('Choose a pillar from the list');
    await page.getByRole('link', { name: 'Choose a pillar from the list' }).click();
    expect(await page.evaluate(() => location.hash)).toBe('#pillar');
    await expectNoAxeViolations(page);
  });
});

describe('small screens', () => {
  it.for(['/', '/action-plan', '/action-plan/4', '/wards', '/performance', '/events'])(
    '%s fits a 320 px wide screen',
    async (path, { openPage }) => {
      const page = await openPage({ width: 320 });
      await page.goto(baseURL + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(320);
    },
  );

  it.for(['/', '/report', '/get-involved/youth-forum/age?too=young'])(
    '%s keeps each telephone number on one line, on screens 320 to 480 px wide',
    async (path, { openPage }) => {
      const page = await openPage({ width: 320 });
      await page.goto(baseURL + path);
      const split: string[] = [];
      for (let width = 320; width <= 480; width += 8) {
        await page.setViewportSize({ width, height: 800 });
        const lines = await page.$$eval('main a[href^="tel:"]', (links) =>
          links.map((a) => ({ text: a.textContent ?? '', lines: a.getClientRects().length })),
        );
        expect(lines.length).toBeGreaterThan(0);
        split.push(...lines.filter((l) => l.lines !== 1).map((l) => `${l.text} at ${width} px`));
      }
      expect(split).toEqual([]);
    },
  );

  // Text at 200% (the browser's default size set to 32 px) on a 320 px screen: long words in large
  // headings ("Neighbourhood" at 48 px) must wrap, not push the page sideways (WCAG 1.4.4, 1.4.10).
  it.for([...PUBLIC_PAGE_KINDS, '/report'])(
    '%s fits a 320 px wide screen with its text at double size',
    async (path, { openPage }) => {
      const page = await openPage({ width: 320 });
      await setDefaultTextSize(page, 32);
      await page.goto(baseURL + path);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('32px');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(320);
    },
  );
});

describe('the axe check itself', () => {
  it('fails on a page with violations (an image with no text, a field with no label, faint text)', async ({
    page,
  }) => {
    const url = `${baseURL}/axe-check-fixture`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1><img src="/x.png"><input type="text"><p style="color:#ccc">faint</p></main></html>',
      }),
    );
    await page.goto(url);
    const failure = await expectNoAxeViolations(page).then(
      () => '',
      (e: { actual?: unknown }) => JSON.stringify(e.actual),
    );
    for (const rule of ['image-alt', 'label', 'color-contrast']) expect(failure).toContain(rule);
  });
});

describe('the stylesheet', () => {
  it('defines every govuk-frontend override class the templates use (only those are compiled in)', async () => {
    const html = await (await fetch(`${baseURL}/`)).text();
    const href = html.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
    const css = await (await fetch(baseURL + href)).text();
    const used = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(astro|tsx?)$/.test(entry.name))
          for (const m of readFileSync(full, 'utf8').matchAll(/govuk-!-[a-z0-9-]+/g)) used.add(m[0]);
      }
    };
    walk('src');
    expect(used.size).toBeGreaterThan(0);
    for (const name of used)
      expect(css, `${name} is not in the stylesheet`).toContain(`.${name.replace('!', '\\!')}`);
  });
});
