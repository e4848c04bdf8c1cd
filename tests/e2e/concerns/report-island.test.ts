// The /report island with JavaScript on, used with the keyboard alone: each question is checked as it
// is answered (nothing is posted while the answers are wrong), long answers count, the ward list
// shortens to what is typed, and the whole journey — back and forward included — happens in one
// document (a marker set on the first question survives to the confirmation, and the browser makes
// no navigation request). The same answers sent with JavaScript off store the same concern, compared
// column by column in the database once the server has stopped. axe runs on every state visited; the
// page's JavaScript stays within 12 KB gzip. Also: the tracking code's one-read cookie. On a server
// and database of its own: three reports from one client must not meet the shared server's hourly
// limit.

import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { auditLog, concernEvents, concerns, formDrafts } from '../../../db/schema/index.ts';
import {
  expectNoAxeViolations,
  ISLAND_PAGE_BUDGET,
  javaScriptBytes,
  launchBrowser,
  newContext,
  watchForProblems,
} from '../browser.ts';
import { tabTo } from '../keyboard.ts';
import { startOwnServer } from '../server.ts';

let own: Awaited<ReturnType<typeof startOwnServer>>;
let browser: Browser;

beforeAll(async () => {
  [own, browser] = await Promise.all([startOwnServer('cn-e2e-report-island-'), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await own?.stop();
});

/** The answers both journeys give (with a change from the check page). */
const A = {
  other: 'Fireworks set off late at night',
  location: 'Russell Square, north gate',
  frequency: 'Most Friday nights',
  changedFrequency: 'Every Friday and Saturday night',
  description: ['Groups gather by the fountain after 11pm.', 'They set off rockets towards the flats.'],
  impact: 'Children are woken; the dog is terrified.',
};

/** A person takes longer than the 5-second minimum; the journey waits out the rest if it was quicker. */
async function waitOutMinimum(page: Page, started: number): Promise<void> {
  const wait = 6_000 - (Date.now() - started);
  if (wait > 0) await page.waitForTimeout(wait);
}

/** Tab (forward, or back with `shift`) until the element matching `selector` has the focus. */
/** Enter (on Continue, or in a field): the page at `url` in place, its heading focused, checked by axe. */
async function enterTo(page: Page, url: RegExp, heading: string): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
  await expect.poll(() => focused(page)).toBe(`h1 ${heading}`);
  await expectNoAxeViolations(page);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return e
      ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} ${e.textContent?.trim().slice(0, 60)}`
      : '';
  });
const heading = (page: Page) => page.locator('main h1').innerText();
/** A field's error message as a screen reader reads it ("Error: …"). */
const errorOf = (page: Page, name: string) => page.locator(`#${name}-error`).textContent();
const said = (page: Page) => page.locator('main [aria-live="polite"]').innerText();

describe('the /report island, keyboard only', () => {
  let withoutScript = '';
  let withScript = '';

  it('with JavaScript off: the journey a resident without the island makes', {
    timeout: 90_000,
  }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const go = async (path: string, button = 'Continue') => {
      await Promise.all([
        page.waitForURL((u) => u.pathname === path),
        page.getByRole('button', { name: button }).click(),
      ]);
    };
    await page.goto(`${own.baseURL}/report/what`);
    await page.getByLabel('Something else', { exact: true }).check();
    await page.getByLabel('If something else, what is it?').fill(A.other);
    await go('/report/where');
    const started = Date.now();
    await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Bloomsbury' });
    await page.getByLabel('Street, estate or landmark').fill(A.location);
    await go('/report/when');
    await page.getByLabel('It keeps happening').check();
    await page.getByLabel('How often does it happen?').fill(A.frequency);
    await go('/report/details');
    await page.getByLabel('Describe what happened').fill(A.description.join('\n'));
    await page.getByLabel('How does it affect you or others?').fill(A.impact);
    await go('/report/contact');
    await page.getByLabel('Yes, stay anonymous').check();
    await go('/report/check');
    await page.getByRole('link', { name: 'Change when' }).click();
    await page.getByLabel('How often does it happen?').fill(A.changedFrequency);
    await go('/report/check');
    await waitOutMinimum(page, started);
    await go('/report/sent', 'Send report');
    withoutScript = (await page.locator('.govuk-panel__body strong').innerText()).trim();
    expect(withoutScript).toMatch(/^CN-\d{4}-\d{6}$/);
    await context.close();
  });

  it('with JavaScript on: checked as typed, counted, filtered, in one document, within budget', {
    timeout: 180_000,
  }, async () => {
    const context = await newContext(browser, { width: 1024 });
    const page = await context.newPage();
    const problems = await watchForProblems(page);

    const measure = javaScriptBytes(page);
    const navigations: string[] = [];
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(r.url());
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });

    // The start page has no island: its "Start now" link loads the first question.
    await page.goto(`${own.baseURL}/report`);
    await tabTo(page, { selector: 'a.govuk-button--start' }, { fromHere: true });
    await Promise.all([page.waitForURL(/\/report\/what$/), page.keyboard.press('Enter')]);
    // Hydrated: the island has added the live counts.
    await page.locator('#categoryOther-count').waitFor({ state: 'attached', timeout: 10_000 });
    const js = await measure();
    console.log(`JavaScript on /report/what: ${JSON.stringify(js)} bytes gzip`);
    expect(js.total).toBeLessThanOrEqual(ISLAND_PAGE_BUDGET);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'one document';
    });
    navigations.length = 0;
    await expectNoAxeViolations(page);

    // Question 1. Continue with nothing chosen: the summary, from the rules in the browser, focused.
    await tabTo(page, { selector: 'main form button[type="submit"]' }, { fromHere: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toContain('There is a problem');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Choose what kind of behaviour it is',
    );
    expect(await errorOf(page, 'category')).toBe('Error: Choose what kind of behaviour it is');
    expect(await page.title()).toMatch(/^Error: What kind of behaviour is it\?/);
    expect(posts).toEqual([]);
    await expectNoAxeViolations(page);
    // Up from the first choice wraps round to the last, "Something else": the error goes at once.
    await tabTo(page, { selector: 'input[name="category"]' }, { fromHere: true });
    await page.keyboard.press('ArrowUp');
    expect(await page.getByLabel('Something else', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#category-error').count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#categoryOther ');
    await page.keyboard.type(A.other);
    expect(await page.locator('#categoryOther-count').innerText()).toBe(
      `You have ${100 - A.other.length} characters remaining`,
    );
    await expect
      .poll(() => said(page), { timeout: 5_000 })
      .toBe(`You have ${100 - A.other.length} characters remaining`);
    await expectNoAxeViolations(page);
    // Enter in a field sends the form, as without JavaScript: the next question, its heading focused.
    const started = Date.now(); // the draft starts with the first answer saved
    await enterTo(page, /\/report\/where$/, 'Where is it happening?');
    expect(await page.title()).toMatch(/^Where is it happening\?/);

    // Question 2: the ward list shortens to what is typed (name or borough), and says how many.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#ward-filter ');
    await page.keyboard.type('bloom');
    const options = () => page.locator('#ward option').allInnerTexts();
    expect(await options()).toEqual(['Choose a ward', 'I don’t know', 'Bloomsbury']);
    await expect.poll(() => said(page), { timeout: 5_000 }).toBe('1 ward in the list');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('islington');
    expect((await options()).length).toBe(2 + 17);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('bloomsbury');
    // Enter in the filter goes to the list instead of sending the form.
    await page.keyboard.press('Enter');
    expect(await focused(page)).toContain('select#ward');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#ward').inputValue()).toBe('bloomsbury');
    // A field emptied after being answered shows its problem as it happens, and loses it when mended.
    await page.keyboard.press('Tab');
    await page.keyboard.type(A.location);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('#location-error').count()).toBe(1);
    expect(await errorOf(page, 'location')).toBe('Error: Enter a street, estate or landmark');
    expect(await page.locator('#location').getAttribute('aria-describedby')).toContain('location-error');
    await expect.poll(() => said(page)).toBe('Error: Enter a street, estate or landmark');
    await expectNoAxeViolations(page);
    await page.keyboard.type(A.location);
    expect(await page.locator('#location-error').count()).toBe(0);
    expect(posts).toEqual(['/report/what']);
    await tabTo(page, { selector: 'main form button[type="submit"]' }, { fromHere: true });
    await enterTo(page, /\/report\/when$/, 'When did it happen?');

    // Question 3: "It keeps happening" (the date fields hide) and how often.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('It keeps happening').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#frequency ');
    await page.keyboard.type(A.frequency);
    await enterTo(page, /\/report\/details$/, 'What happened?');

    // Question 4: over the limit, the count turns to an error; leaving the field shows the rule's message.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea#description ');
    await page.keyboard.insertText('x'.repeat(2001));
    expect(await page.locator('#description-count').innerText()).toBe('You have 1 character too many');
    expect(await page.locator('#description-count').getAttribute('class')).toBe('govuk-error-message');
    await page.keyboard.press('Tab');
    await page.keyboard.type(A.impact);
    expect(await errorOf(page, 'description')).toBe('Error: What happened must be 2,000 characters or fewer');
    await tabTo(page, { selector: 'main form button[type="submit"]' }, { fromHere: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toContain('There is a problem');
    expect(await page.locator('.govuk-error-summary li').allInnerTexts()).toEqual([
      'What happened must be 2,000 characters or fewer',
    ]);
    expect(posts).toEqual(['/report/what', '/report/where', '/report/when']);
    await expectNoAxeViolations(page);
    await tabTo(page, { selector: '#description' }, { fromHere: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(A.description[0] as string);
    await page.keyboard.press('Enter');
    await page.keyboard.type(A.description[1] as string);
    expect(await page.locator('#description-error').count()).toBe(0);
    await tabTo(page, { selector: 'main form button[type="submit"]' }, { fromHere: true });
    await enterTo(page, /\/report\/contact$/, 'Do you want to stay anonymous?');

    // Question 5: anonymous.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Yes, stay anonymous').isChecked()).toBe(true);
    await tabTo(page, { selector: 'main form button[type="submit"]' }, { fromHere: true });
    await enterTo(page, /\/report\/check$/, 'Check your answers before sending your report');
    const main = page.getByRole('main');
    expect(await main.innerText()).toContain(A.other);
    expect(await main.innerText()).toContain('Bloomsbury (Camden)');

    // Back and forward move through the questions in the same document, with the saved answers.
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Do you want to stay anonymous?');
    expect(new URL(page.url()).pathname).toBe('/report/contact');
    expect(await page.getByLabel('Yes, stay anonymous').isChecked()).toBe(true);
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('What happened?');
    expect(await page.getByLabel('Describe what happened').inputValue()).toBe(A.description.join('\n'));
    await expectNoAxeViolations(page);
    await page.goForward();
    await page.goForward();
    await expect.poll(() => heading(page)).toBe('Check your answers before sending your report');

    // A change from the check page comes back to it.
    await tabTo(page, { selector: 'a[href="/report/when?from=check"]' }, { fromHere: true });
    await enterTo(page, /\/report\/when\?from=check$/, 'When did it happen?');
    await tabTo(page, { selector: '#frequency' }, { fromHere: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(A.changedFrequency);
    await Promise.all([page.waitForURL(/\/report\/check$/), page.keyboard.press('Enter')]);
    await expect.poll(() => main.innerText()).toContain(A.changedFrequency);
    await expectNoAxeViolations(page);

    await waitOutMinimum(page, started);
    await tabTo(page, { selector: '#send button' }, { fromHere: true });
    await enterTo(page, /\/report\/sent$/, 'Report sent');
    withScript = (await page.locator('.govuk-panel__body strong').innerText()).trim();
    expect(withScript).toMatch(/^CN-\d{4}-\d{6}$/);
    expect(await page.locator('#tracking-code').innerText()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // Back from the confirmation: the answers are gone, as they are without JavaScript.
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Your answers are no longer saved');
    await expectNoAxeViolations(page);

    // All in one document: no page was loaded after the first question's.
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('one document');
    expect(navigations).toEqual([]);
    expect(await problems()).toEqual([]);
    await context.close();
  });

  it('the tracking code reaches the confirmation page once, in a 60-second HttpOnly cookie that page deletes', {
    timeout: 60_000,
  }, async () => {
    let draft = '';
    const post = async (step: string, fields: Record<string, string>, page = step) => {
      const res = await fetch(`${own.baseURL}/report/${page}?_action=report.${step}`, {
        method: 'POST',
        headers: {
          origin: own.baseURL,
          'content-type': 'application/x-www-form-urlencoded',
          ...(draft ? { cookie: draft } : {}),
        },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
      expect(res.status, step).toBe(303);
      draft ||=
        res.headers
          .getSetCookie()
          .find((c) => c.startsWith('cn_report='))
          ?.split(';')[0] ?? '';
      return res;
    };
    await post('what', { category: 'noise' });
    const started = Date.now();
    await post('where', { ward: 'unknown', location: 'By the market' });
    await post('when', { timing: 'ongoing', frequency: 'Nightly' });
    await post('details', { description: 'Music', impact: 'No sleep' });
    await post('contact', { anonymous: 'yes' });
    await new Promise((r) => setTimeout(r, Math.max(0, 6_000 - (Date.now() - started))));
    const sent = await post('send', { confirm: 'yes' }, 'check');
    expect(sent.headers.get('location')).toBe('/report/sent');
    const flash = sent.headers.getSetCookie().find((c) => c.startsWith('cn_flash=')) ?? '';
    expect(flash).toMatch(/; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
    const page = await fetch(`${own.baseURL}/report/sent`, {
      headers: { cookie: flash.split(';')[0] as string },
    });
    const code = /id="tracking-code">([^<]+)</.exec(await page.text())?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.headers.getSetCookie().find((c) => c.startsWith('cn_flash='))).toMatch(
      /Expires=Thu, 01 Jan 1970|Max-Age=0/,
    );
    // Without the cookie (deleted, or another browser) the page shows no code.
    expect(await (await fetch(`${own.baseURL}/report/sent`)).text()).not.toContain('id="tracking-code"');
  });

  it('stores the same concern either way', { timeout: 60_000 }, async () => {
    expect(withoutScript).not.toBe('');
    expect(withScript).not.toBe('');
    await own.stop(async (dataDir) => {
      const handle = await createDb({ dataDir });
      try {
        const { db } = handle;
        const stored = async (reference: string) => {
          const [row] = await db.select().from(concerns).where(eq(concerns.reference, reference));
          if (!row) throw new Error(`${reference} not stored`);
          const { id, reference: _r, createdAt: _c, updatedAt: _u, ...answers } = row;
          const events = (await db.select().from(concernEvents).where(eq(concernEvents.concernId, id))).map(
            ({ id: _i, concernId: _ci, at: _a, ...event }) => event,
          );
          const audit = (await db.select().from(auditLog).where(eq(auditLog.recordId, id))).map(
            ({ id: _i, at: _a, recordId: _ri, details, ...entry }) => ({
              ...entry,
              details: JSON.stringify(details).replaceAll(reference, 'REF'),
            }),
          );
          return { answers, events, audit };
        };
        const off = await stored(withoutScript);
        const on = await stored(withScript);
        expect(on).toEqual(off);
        expect(off.answers).toMatchObject({
          category: 'other',
          categoryOther: A.other,
          location: A.location,
          timing: 'ongoing',
          frequency: A.changedFrequency,
          description: A.description.join('\n'),
          impact: A.impact,
          anonymous: true,
          contactName: null,
        });
        expect(off.audit.length).toBeGreaterThan(0);
        // Both drafts were deleted with their sending.
        expect(await db.select().from(formDrafts)).toEqual([]);
      } finally {
        await handle.close();
      }
    });
  });
});
