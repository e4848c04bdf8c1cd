// Staff running a priority vote in the built portal, JavaScript off, axe on every page: a liaison
// officer opens a vote for Tufnell Park (an error first: the summary, the inline error, what was
// typed kept), residents see it announced on the ward page and on /wards at once, the officer closes
// it early with a reason and records the panel's decision, and the ward page shows the new
// priorities, the retired one and the vote's outcome at once — not a copy the page cache kept.
// Another ward's officer is refused.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { expectNoAxeViolationsInCopy } from '../browser.ts';
import { it } from '../browser-test.ts';
import { postStaffAction } from '../staff-actions.ts';

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button }).click()]);
}

describe('a liaison officer runs a priority vote, JavaScript off', () => {
  it('opens a vote, closes it early and records the decision; residents see each step at once', async ({
    openPage,
    browser,
    baseURL,
    fx,
  }) => {
    const ward = await openPage({ javaScriptEnabled: false });
    // A step that cannot happen fails at once with its locator, not at the test's timeout.
    ward.context().setDefaultTimeout(15_000);
    await ward.goto(`${baseURL}/wards/tufnell-park`); // the page cache keeps this copy
    expect(await ward.locator('.govuk-notification-banner').count()).toBe(0);
    const list = await ward.context().newPage();
    await list.goto(`${baseURL}/wards`);
    const tufnellPark = list.locator('li', {
      has: list.getByRole('link', { name: 'Tufnell Park', exact: true }),
    });
    expect(await tufnellPark.getByText('Vote open').count()).toBe(0);
    const before = await ward
      .locator('section[aria-labelledby="current-priorities"] > article h3')
      .allInnerTexts();
    expect(before).toHaveLength(3);

    const page = await openPage({ javaScriptEnabled: false, session: fx.staff.liaison_officer.session });
    page.context().setDefaultTimeout(15_000);
    await page.goto(`${baseURL}/staff/votes`);
    await expectNoAxeViolationsInCopy(browser, page);
    await page.goto(`${baseURL}/staff/priorities/tufnell-park`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: /^Open a priority vote/ }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/staff/priorities/tufnell-park/votes/new');
    // A ward's rounds are votes: the navigation says so, as the breadcrumbs do.
    expect(await page.locator('nav[aria-label="Main"] [aria-current="page"]').innerText()).toBe(
      'Priority votes',
    );
    await expectNoAxeViolationsInCopy(browser, page);

    // Option 2 without its sentence: the summary, the inline error, and what was typed kept.
    await page.fill('#option1Title', 'Drug dealing near the station');
    await page.fill('#option1Description', 'Patrols and enforcement where residents report dealing.');
    await page.fill('#option2Title', 'Moped thefts');
    await page.fill('#option3Title', 'Noise from parties');
    await page.fill('#option3Description', 'Work with the council’s noise team on repeated parties.');
    await page.fill('#maxChoices', '2');
    await submit(page, 'Open the vote');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter a sentence saying what option 2 would mean',
    );
    expect(await page.locator('#option2Description-error').count()).toBe(1);
    expect(await page.locator('#option1Title').inputValue()).toBe('Drug dealing near the station');
    expect(await page.locator('#maxChoices').inputValue()).toBe('2');
    await expectNoAxeViolationsInCopy(browser, page);
    await page.fill('#option2Description', 'Patrols and marking days where mopeds are stolen.');
    await submit(page, 'Open the vote');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/priorities\/tufnell-park\/votes\/\d+$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Priority vote set up');
    expect(await page.getByText('Counts are shown here once voting closes.').count()).toBe(1);
    await expectNoAxeViolationsInCopy(browser, page);

    // It opened at once (its opening time is when the form was filled in): announced straight away.
    await ward.reload();
    const banner = ward.locator('.govuk-notification-banner');
    expect(await banner.innerText()).toContain('Have your say on Tufnell Park’s next priorities');
    expect(await banner.getByRole('link').getAttribute('href')).toBe('/wards/tufnell-park/vote');
    expect(await ward.locator('script').count()).toBe(0);
    await expectNoAxeViolationsInCopy(browser, ward);
    await list.reload();
    expect(await tufnellPark.getByText('Vote open').count()).toBe(1);

    // Close it early: a reason is required.
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: 'Close voting early' }).click(),
    ]);
    await expectNoAxeViolationsInCopy(browser, page);
    await submit(page, 'Close voting now');
    expect(await page.locator('#reason-error').innerText()).toContain('Enter why voting is closing early');
    await page.fill('#reason', 'The Ward Panel meets a week early.');
    await submit(page, 'Close voting now');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Voting closed');
    expect(await page.getByRole('table').getByText('Results').count()).toBe(1);
    await expectNoAxeViolationsInCopy(browser, page);
    await ward.reload();
    expect(await ward.locator('.govuk-notification-banner').count()).toBe(0);

    // The decision: two options become priorities, replacing the first current one.
    await page.getByLabel('Drug dealing near the station').check();
    await page.getByLabel('Noise from parties').check();
    await page.getByLabel(before[0] as string).check();
    await submit(page, 'Record the decision');
    expect(await page.locator('#reason-error').innerText()).toContain('Enter why the panel decided this');
    expect(await page.getByLabel('Noise from parties').isChecked()).toBe(true);
    await expectNoAxeViolationsInCopy(browser, page);
    // Once the fields are right, the rule between them: priorities replaced need their outcome.
    await page.fill('#reason', 'The panel took the two options residents raised most at its meeting.');
    await submit(page, 'Record the decision');
    expect(await page.locator('#outcome-error').innerText()).toContain('Enter what came of the priorities');
    expect(await page.locator('#reason').inputValue()).toContain('The panel took the two options');
    await page.fill('#outcome', 'Replaced by the dealing near the station, which residents now raise most.');
    await submit(page, 'Record the decision');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Decision recorded');
    await expectNoAxeViolationsInCopy(browser, page);

    await ward.reload();
    const current = await ward
      .locator('section[aria-labelledby="current-priorities"] > article h3')
      .allInnerTexts();
    expect(current).toEqual(
      expect.arrayContaining(['Drug dealing near the station', 'Noise from parties', ...before.slice(1)]),
    );
    expect(current).toHaveLength(4);
    const past = ward.locator('section[aria-labelledby="past-priorities"] article', {
      has: ward.getByRole('heading', { name: before[0] as string }),
    });
    expect(await past.innerText()).toContain('Replaced by the dealing near the station');
    const outcome = ward.locator('section[aria-labelledby="latest-vote"]');
    expect(await outcome.innerText()).toContain('Voting closed early: The Ward Panel meets a week early.');
    expect(await outcome.innerText()).toContain('The panel took the two options residents raised most');
    await expectNoAxeViolationsInCopy(browser, ward);
  }, 180_000);

  it('refuses another ward’s officer', async ({ openPage, baseURL, fx }) => {
    const page = await openPage({ javaScriptEnabled: false, session: fx.otherWardOfficer.session });
    expect((await page.goto(`${baseURL}/staff/priorities/bloomsbury/votes/${fx.roundId}`))?.status()).toBe(
      404,
    );
    expect((await page.goto(`${baseURL}/staff/priorities/bloomsbury/votes/new`))?.status()).toBe(404);
    const close = await postStaffAction(fx.otherWardOfficer.session, 'voteRounds.closeEarly', {
      id: String(fx.roundId),
      reason: 'Not my ward',
      confirm: 'yes',
    });
    expect(close.status).toBe(404);
    expect(await close.text()).toContain('That priority vote does not exist');
  });
});
