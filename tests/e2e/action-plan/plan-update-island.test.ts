// The first island: a plan update's body with a live preview and a character count. With
// JavaScript: no CSP violation, the preview follows the typing, the count changes and is announced,
// within the JavaScript budget. Without: the Preview button shows the page again with the preview
// and every field as typed. Also the unpublish confirmation step.
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations, ISLAND_PAGE_BUDGET, javaScriptBytes, watchForProblems } from '../browser.ts';
import { it } from '../browser-test.ts';
import { planUpdateId, postStaffAction } from '../staff-actions.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

/** A liaison officer's page, signed in through the fixture session. */
const asOfficer = (javaScriptEnabled: boolean, width = 1024) => ({
  javaScriptEnabled,
  width,
  session: fx.staff.liaison_officer.session,
});

const countMessage = (page: Page) => page.locator('#body-count');
const preview = (page: Page) => page.locator('.cn-preview__panel');

describe('the plan update body island, with JavaScript', () => {
  it('previews the body as residents will see it and counts characters, without a CSP violation', async ({
    openPage,
  }) => {
    const page = await openPage(asOfficer(true));
    const problems = await watchForProblems(page);
    const measure = javaScriptBytes(page);
    await page.goto(`${baseURL}/staff/action-plan/2/new`);
    // Hydrated: the live count replaces the static hint and the no-JS Preview button goes.
    await expect
      .poll(() => countMessage(page).innerText(), { timeout: 5000 })
      .toBe('You have 5,000 characters remaining');
    expect(await page.getByRole('button', { name: 'Preview' }).count()).toBe(0);

    const js = await measure();
    console.log(`JavaScript on /staff/action-plan/2/new: ${JSON.stringify(js)} bytes gzip`);
    expect(js.files).toBeGreaterThan(0);
    expect(js.total).toBeLessThanOrEqual(ISLAND_PAGE_BUDGET);

    // Keyboard only: tab to the body and type.
    await page.getByLabel('Headline').focus();
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'body' && guard++ < 10) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('body');
    const typed = 'Patrols **doubled** in Kentish Town.\n\n- Evenings\n- Weekends';
    await page.keyboard.type(typed);
    await expect
      .poll(() => preview(page).locator('strong').allInnerTexts(), { timeout: 5000 })
      .toEqual(['doubled']);
    expect(await preview(page).locator('li').allInnerTexts()).toEqual(['Evenings', 'Weekends']);
    const remaining = `You have ${(5000 - typed.length).toLocaleString('en-GB')} characters remaining`;
    expect(await countMessage(page).innerText()).toBe(remaining);
    // Screen readers hear the count once typing pauses, from a polite live region.
    const live = page.locator('.cn-preview [aria-live="polite"]');
    await expect.poll(() => live.innerText(), { timeout: 5000 }).toBe(remaining);

    // What the sanitiser refuses never reaches the preview.
    await page
      .getByLabel('Update', { exact: true })
      .fill('<script>alert(1)</script> [x](javascript:alert(1))');
    await expect
      .poll(() => preview(page).innerText(), { timeout: 5000 })
      .toContain('<script>alert(1)</script>');
    expect(await preview(page).locator('script, a[href^="javascript"]').count()).toBe(0);

    // Over the limit: the schema's own message.
    await page.getByLabel('Update', { exact: true }).fill('x'.repeat(5002));
    await expect
      .poll(() => countMessage(page).innerText())
      .toBe('You have 2 characters too many. Update must be 5,000 characters or fewer');

    await expectNoAxeViolations(page);
    expect(await problems()).toEqual([]);
  });

  it('fits a 320 px screen', async ({ openPage }) => {
    const page = await openPage(asOfficer(true, 320));
    await page.goto(`${baseURL}/staff/action-plan/2/new`);
    await expect
      .poll(() => countMessage(page).innerText(), { timeout: 5000 })
      .toBe('You have 5,000 characters remaining');
    await page.getByLabel('Update', { exact: true }).fill(`A long word: ${'x'.repeat(200)}`);
    await expect.poll(() => preview(page).innerText(), { timeout: 5000 }).toContain('A long word');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });
});

describe('the plan update form, without JavaScript', () => {
  it('shows the preview with everything typed kept when Preview is pressed', async ({ openPage }) => {
    const page = await openPage(asOfficer(false));
    await page.goto(`${baseURL}/staff/action-plan/2/new`);
    expect(await countMessage(page).innerText()).toBe('You can enter up to 5,000 characters');
    await page.getByLabel('Date the update reports on').fill('2026-11-21');
    await page.getByLabel('At risk').check();
    await page.getByLabel('Islington', { exact: true }).check();
    await page.getByLabel('Headline').fill('Preview keeps this headline');
    await page.getByLabel('Source').fill('Islington scrutiny, November');
    await page
      .getByLabel('Update', { exact: true })
      .fill('Line with **bold** text.\r\n\r\nSecond paragraph.');
    const [response] = await Promise.all([
      page.waitForEvent('response', (r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Preview' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await page.waitForLoadState();
    expect(await preview(page).locator('strong').allInnerTexts()).toEqual(['bold']);
    expect(await preview(page).locator('p').allInnerTexts()).toEqual([
      'Line with bold text.',
      'Second paragraph.',
    ]);
    expect(await page.getByLabel('Date the update reports on').inputValue()).toBe('2026-11-21');
    expect(await page.getByLabel('At risk').isChecked()).toBe(true);
    expect(await page.getByLabel('Islington', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Headline').inputValue()).toBe('Preview keeps this headline');
    expect(await page.getByLabel('Source').inputValue()).toBe('Islington scrutiny, November');
    expect(await page.getByLabel('Update', { exact: true }).inputValue()).toContain('Second paragraph.');
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    // Nothing was saved: saving is still its own step.
    const [saved] = await Promise.all([
      page.waitForURL(/\/staff\/action-plan\/2$/),
      page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    expect(saved).toBeUndefined();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Draft saved');
  });
});

describe('unpublishing', () => {
  const headline = `To be unpublished ${Date.now()}`;
  const session = fx.staff.liaison_officer.session;
  const post = (name: string, fields: Record<string, string>) =>
    postStaffAction(session, `planUpdates.${name}`, fields);
  const isPublic = async () => (await (await fetch(`${baseURL}/action-plan/4`)).text()).includes(headline);

  it('needs the confirmation step: a bare post is refused and changes nothing', async () => {
    expect(
      (
        await post('create', {
          actionNumber: '4',
          updateDate: '2018-06-01',
          status: 'on_track',
          headline,
          body: 'Soon gone.',
          borough: 'both',
          source: 'E2E',
        })
      ).status,
    ).toBe(200);
    const id = await planUpdateId(session, 4, headline);
    expect(id).toBeDefined();
    expect((await post('publish', { actionNumber: '4', id: id ?? '' })).status).toBe(200);
    expect(await isPublic()).toBe(true);

    const bare = await post('unpublish', { actionNumber: '4', id: id ?? '' });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('Confirm that residents should no longer see this update');
    expect(await isPublic()).toBe(true);
  });

  it('takes a published update off the public plan once confirmed (no JavaScript)', async ({ openPage }) => {
    const page = await openPage(asOfficer(false));
    await page.goto(`${baseURL}/staff/action-plan/4`);
    await page.getByRole('link', { name: `Unpublish “${headline}”` }).click();
    expect(await page.locator('h1').innerText()).toBe(`Unpublish “${headline}”?`);
    expect(await isPublic()).toBe(true);
    await Promise.all([
      page.waitForURL(/\/staff\/action-plan\/4$/),
      page.getByRole('button', { name: 'Yes, unpublish it' }).click(),
    ]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'The update is unpublished',
    );
    expect(await isPublic()).toBe(false);
  });

  it('has an accessible confirmation page', async ({ openPage }) => {
    const page = await openPage(asOfficer(true));
    await page.goto(`${baseURL}/staff/action-plan/1/${fx.publishedUpdateId}/unpublish`);
    expect(await page.getByRole('link', { name: 'No, keep it published' }).getAttribute('href')).toBe(
      '/staff/action-plan/1',
    );
    await expectNoAxeViolations(page);
  });
});
