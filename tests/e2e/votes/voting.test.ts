// A resident votes in an open round (the fixtures' round in Mildmay, made in the database: no seed
// needed), with JavaScript off and on, reading the code from the local mailbox; axe on every state.
// Without JavaScript: the errors and what was typed kept, a wrong code's tries left, the vote counted;
// voting again with the same address replaces it, and the page says so. With JavaScript, by keyboard
// alone: the live "2 of 2 chosen" count (and one too many), then the code and the confirmation in the
// same document (a marker set on the first page survives), within the 12 KB budget.
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsInCopy,
  ISLAND_PAGE_BUDGET,
  javaScriptBytes,
} from '../browser.ts';
import { it } from '../browser-test.ts';
import { tabTo } from '../keyboard.ts';
import { waitForMessage } from '../mailbox.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');
const round = fx.voteRound;
const VOTE = `${baseURL}/wards/${round.wardSlug}/vote`;
const SUBJECT = 'Your code to confirm your vote for Mildmay';

const heading = (page: Page) => page.locator('main h1').innerText();
const said = (page: Page) => page.locator('main [aria-live="polite"]').innerText();
const text = (page: Page, selector: string) => page.locator(selector).innerText();

/** The code in the `count`-th code email to the address. */
async function codeFor(email: string, count = 1): Promise<string> {
  const text = await waitForMessage(email, SUBJECT, count);
  const code = text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error('No code in the email');
  return code;
}

/** A six-digit code that is not `code`. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('without JavaScript', () => {
  async function voteNoJs(page: Page, email: string, option: number, outcome: boolean): Promise<string> {
    await page.goto(VOTE);
    await page.locator(`#choices${option === 0 ? '' : `-${option + 1}`}`).check();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Postcode').fill('N16 9AA');
    if (outcome) await page.getByLabel('Email me the ward panel’s decision').check();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.waitForURL(/\/vote\/code$/);
    return heading(page);
  }

  it('keeps what was typed with the errors, counts the vote with the emailed code, and a second vote replaces it', async ({
    openPage,
    browser,
  }) => {
    const page = await openPage({ javaScriptEnabled: false });
    const email = 'voter-nojs@example.org';
    await page.goto(VOTE);
    expect(await heading(page)).toBe('Vote on Mildmay’s next priorities');
    await expect.poll(() => text(page, '.govuk-inset-text')).toContain('advisory');
    await expect.poll(() => text(page, '#choices-hint')).toBe('Choose up to 2 options.');
    await expectNoAxeViolationsInCopy(browser, page);

    // Nothing chosen, a postcode far away: errors, and what was typed kept.
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Postcode').fill('SW1A 1AA');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await expect.poll(() => text(page, '.govuk-error-summary')).toContain('Choose at least 1 option');
    await expect.poll(() => text(page, '#postcode-error')).toContain('Camden or Islington');
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    await expectNoAxeViolationsInCopy(browser, page);

    // Three ticked where two may be: the server says so.
    for (const id of ['#choices', '#choices-2', '#choices-3']) await page.locator(id).check();
    await page.getByLabel('Postcode').fill('N16 9AA');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await expect.poll(() => text(page, '#choices-error')).toContain('Choose no more than 2 options');

    expect(await voteNoJs(page, email, 0, true)).toBe('Enter the code we emailed you');
    await expectNoAxeViolationsInCopy(browser, page);
    const code = await codeFor(email);
    await page.getByLabel('Code').fill(wrong(code));
    await page.getByRole('button', { name: 'Confirm my vote' }).click();
    await expect.poll(() => text(page, '#code-error')).toContain('You have 4 tries left');
    await expectNoAxeViolationsInCopy(browser, page);
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Confirm my vote' }).click();
    await page.waitForURL(/\/vote\/counted$/);
    expect(await heading(page)).toBe('Your vote counts');
    expect(await page.locator('#replaced').count()).toBe(0);
    await expectNoAxeViolationsInCopy(browser, page);

    // Again with the same address: it replaces the first, and the page says so.
    await voteNoJs(page, email, 1, false);
    // The first vote's code email was deleted when it counted: this code's is the only one.
    await page.getByLabel('Code').fill(await codeFor(email));
    await page.getByRole('button', { name: 'Confirm my vote' }).click();
    await expect.poll(() => text(page, '#replaced')).toContain('replaced the vote you cast earlier');
    // The code page after the vote counted: nothing waits for a code now.
    await page.goto(`${VOTE}/code`);
    expect(await heading(page)).toBe('No vote is waiting for a code');
    expect(await page.title()).toMatch(/^No vote is waiting for a code – /);
    await expectNoAxeViolationsInCopy(browser, page);
  });
});

describe('with JavaScript, by keyboard alone', () => {
  /** Tab until the element matching `selector` has the focus. */
  it('counts the choices live, and votes in one document within the budget', async ({ page }) => {
    const bytes = javaScriptBytes(page);
    const email = 'voter-js@example.org';
    await page.goto(VOTE);
    await page.waitForSelector('#choices-count');
    const js = await bytes();
    console.log(`JavaScript on /wards/<slug>/vote: ${JSON.stringify(js)} bytes gzip`);
    expect(js.total).toBeLessThanOrEqual(ISLAND_PAGE_BUDGET);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same document';
    });
    await expect.poll(() => text(page, '#choices-count')).toBe('0 of 2 chosen');
    await expectNoAxeViolations(page);

    await tabTo(page, { selector: '#choices' }, { fromHere: true });
    await page.keyboard.press('Space');
    await expect.poll(() => said(page)).toBe('1 of 2 chosen');
    await tabTo(page, { selector: '#choices-2' }, { fromHere: true });
    await page.keyboard.press('Space');
    await tabTo(page, { selector: '#choices-3' }, { fromHere: true });
    await page.keyboard.press('Space');
    await expect.poll(() => said(page)).toBe('3 chosen: you can choose up to 2. Untick 1 option.');
    expect(await page.locator('#choices-count').getAttribute('class')).toBe('govuk-error-message');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Space');
    await expect.poll(() => said(page)).toBe('2 of 2 chosen');

    await tabTo(page, { selector: '#email' }, { fromHere: true });
    await page.keyboard.type(email);
    await tabTo(page, { selector: '#postcode' }, { fromHere: true });
    await page.keyboard.type('n7 8lx');
    await Promise.all([page.waitForURL(/\/vote\/code$/), page.keyboard.press('Enter')]);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Enter the code we emailed you');
    await expectNoAxeViolations(page);

    const code = await codeFor(email);
    await tabTo(page, { selector: '#code' }, { fromHere: true });
    await page.keyboard.type(wrong(code));
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, '#code-error')).toContain('You have 4 tries left');
    await expectNoAxeViolations(page);
    await tabTo(page, { selector: '#code' }, { fromHere: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(code);
    await Promise.all([page.waitForURL(/\/vote\/counted$/), page.keyboard.press('Enter')]);
    await expect.poll(() => heading(page)).toBe('Your vote counts');
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
  });
});

describe('for staff', () => {
  it('the round’s page shows the signs to check once residents have voted, with no violation', async ({
    openPage,
    browser,
  }) => {
    const page = await openPage({ javaScriptEnabled: false, session: fx.staff.liaison_officer.session });
    const res = await page.goto(`${baseURL}/staff/priorities/${round.wardSlug}/votes/${round.id}`);
    expect(res?.status()).toBe(200);
    const signs = page.locator('section[aria-labelledby="vote-signals"]');
    expect(await signs.getByRole('heading', { name: 'Signs to check' }).count()).toBe(1);
    expect(await signs.innerText()).toContain('Disposable email domains');
    await expectNoAxeViolationsInCopy(browser, page);
  });
});
