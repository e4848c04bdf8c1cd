// Issue 19: a 12-year-old is turned away kindly, with JavaScript off and on, by keyboard, axe on
// every page — and nothing at all is stored (read in the database once its own server stops) and no
// log line holds the date of birth. The same for a 16-year-old on a Ward Panel's form, which is for
// adults (decision 0159).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createDb, rowsOf } from '../../../db/client.ts';
import { expectNoAxeViolations, expectNoAxeViolationsInCopy, launchBrowser } from '../browser.ts';
import { it } from '../browser-test.ts';
import { prepareDatabase, startOwnServer } from '../server.ts';

let axeBrowser: Browser;
const scriptless = new WeakSet<Page>();

beforeAll(async () => {
  axeBrowser = await launchBrowser();
});
afterAll(async () => {
  await axeBrowser?.close();
});

/** axe on the page (on a copy of it when its JavaScript is off: axe runs as a script). */
async function axe(page: Page): Promise<void> {
  if (scriptless.has(page)) await expectNoAxeViolationsInCopy(axeBrowser, page);
  else await expectNoAxeViolations(page);
}

/** Presses a button with the keyboard and waits for the page it leads to. */
async function press(page: Page, target: Locator, pathname: string): Promise<void> {
  await target.focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  expect(new URL(page.url()).pathname).toBe(pathname);
  await axe(page);
}
const heading = (page: Page) => page.locator('main h1').innerText();

interface Counts {
  drafts: number;
  apps: number;
  eq: number;
  limits: number;
  mail: number;
  links: number;
  audit: number;
}

/** The rows an application, its draft, its limits, its mail, its links or its audit could leave. */
async function countRows(dataDir: string): Promise<Counts> {
  const handle = await createDb({ dataDir });
  try {
    const [counts] = rowsOf<Counts>(
      await handle.db.execute(sql`select
      (select count(*)::int from form_drafts) as drafts,
      (select count(*)::int from panel_applications) as apps,
      (select count(*)::int from equality_responses) as eq,
      (select count(*)::int from rate_limits) as limits,
      (select count(*)::int from email_outbox where kind like 'panel%') as mail,
      (select count(*)::int from one_time_secrets where purpose like 'panel%') as links,
      (select count(*)::int from audit_log where action like 'panel%') as audit`),
    );
    return counts as Counts;
  } finally {
    await handle.close();
  }
}

/** What a fresh database holds before any request (the seed's panels, the staff fixtures' sign-ins). */
async function baseline(): Promise<Counts> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-apply-base-'));
  try {
    const { env } = prepareDatabase(dir);
    return await countRows(env.PGLITE_DATA_DIR as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a fresh database holds: each test's own server must leave exactly this. */
let before: Counts | undefined;
beforeAll(async () => {
  before = await baseline();
}, 60_000);

describe('a 12-year-old', () => {
  it.for([false, true])(
    'is turned away kindly and nothing is stored (JavaScript %s)',
    { timeout: 90_000 },
    async (javaScriptEnabled, { openPage }) => {
      const server = await startOwnServer('cn-e2e-apply-age-');
      try {
        const page = await openPage({ javaScriptEnabled });
        if (!javaScriptEnabled) scriptless.add(page);
        const dob = new Date();
        dob.setUTCFullYear(dob.getUTCFullYear() - 12);
        const typed = dob.toISOString().slice(0, 10);
        await page.goto(`${server.baseURL}/get-involved/youth-forum/birth`);
        await axe(page);
        await page.getByLabel('What is your date of birth?').fill(typed);
        if (javaScriptEnabled) {
          // Explained before sending; sent anyway, the island shows the server's answer in place.
          await expect
            .poll(() => page.locator('#age-note').innerText())
            .toContain('we keep nothing you typed');
          await page.getByRole('button', { name: 'Continue' }).focus();
          await page.keyboard.press('Enter');
          await expect.poll(() => new URL(page.url()).pathname).toBe('/get-involved/youth-forum/age');
          await axe(page);
        } else {
          await press(page, page.getByRole('button', { name: 'Continue' }), '/get-involved/youth-forum/age');
        }
        expect(page.url()).not.toContain(typed);
        expect(await heading(page)).toBe('The Youth Advisory Forum is for people aged 14 to 25');
        expect(await page.getByRole('main').innerText()).toContain('We have not kept your date of birth');
        expect((await page.context().cookies()).map((c) => c.name)).not.toContain('cn_apply_yf');
        const log = server.output();
        await server.stop(async (dataDir) => {
          expect(await countRows(dataDir)).toEqual(before);
        });
        expect(log).not.toContain(typed);
      } catch (e) {
        await server.stop().catch(() => undefined);
        throw e;
      }
    },
  );
});

describe('a 16-year-old on a Ward Panel’s form', () => {
  it.for([false, true])(
    'answers “No” to 18 or over, is pointed to the Youth Advisory Forum, and nothing is stored (JavaScript %s)',
    { timeout: 90_000 },
    async (javaScriptEnabled, { openPage }) => {
      const server = await startOwnServer('cn-e2e-apply-adult-');
      try {
        const page = await openPage({ javaScriptEnabled });
        if (!javaScriptEnabled) scriptless.add(page);
        await page.goto(`${server.baseURL}/get-involved/ward-panel/adult`);
        if (javaScriptEnabled)
          await expect.poll(() => page.locator('astro-island').getAttribute('ssr')).toBeNull();
        await axe(page);
        expect(await heading(page)).toBe('Are you 18 or over?');
        await page.getByRole('radio', { name: 'No' }).focus();
        await page.keyboard.press('Space');
        if (javaScriptEnabled) {
          await page.getByRole('button', { name: 'Continue' }).focus();
          await page.keyboard.press('Enter');
          await expect.poll(() => new URL(page.url()).pathname).toBe('/get-involved/ward-panel/age');
          await expect.poll(() => heading(page)).toBe('Ward Panels are for people aged 18 or over');
          await axe(page);
        } else {
          await press(page, page.getByRole('button', { name: 'Continue' }), '/get-involved/ward-panel/age');
        }
        expect(await heading(page)).toBe('Ward Panels are for people aged 18 or over');
        expect(await page.getByRole('main').innerText()).toContain('We have not kept your answer');
        expect(
          await page
            .getByRole('link', { name: 'Apply to join the Youth Advisory Forum' })
            .getAttribute('href'),
        ).toBe('/get-involved/youth-forum/birth');
        expect((await page.context().cookies()).map((c) => c.name)).not.toContain('cn_apply_wp');
        await server.stop(async (dataDir) => {
          expect(await countRows(dataDir)).toEqual(before);
        });
      } catch (e) {
        await server.stop().catch(() => undefined);
        throw e;
      }
    },
  );
});
