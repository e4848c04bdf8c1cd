// Running panel membership in the built portal: a ward officer reviews and approves applications with
// JavaScript off and the keyboard alone; the member who asked to be named appears on the panel's
// public page (no script, not a stale cached copy), the one who did not never does; axe on every
// panel page, staff and public.
import { describe, expect } from 'vitest';
import { expectNoAxeViolations, expectNoAxeViolationsInCopy } from '../browser.ts';
import { it } from '../browser-test.ts';
import { pressAndWait, tabTo } from '../keyboard.ts';

describe('a ward officer runs the Bloomsbury Ward Panel, JavaScript off, keyboard only', () => {
  it('approves one applicant who asked to be named and one who did not; only the first is named publicly', async ({
    openPage,
    browser,
    baseURL,
    fx,
  }) => {
    const residents = await openPage({ javaScriptEnabled: false });
    await residents.goto(`${baseURL}/wards/bloomsbury/panel`); // the page cache keeps this copy
    expect(await residents.getByText('Wilhelmina').count()).toBe(0);

    const page = await openPage({ javaScriptEnabled: false, session: fx.staff.ward_officer.session });
    await page.goto(`${baseURL}/staff`);
    await tabTo(page, 'Panels');
    await pressAndWait(page);
    expect(new URL(page.url()).pathname).toBe('/staff/panels');
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'Bloomsbury Ward Panel');
    await pressAndWait(page);
    await expectNoAxeViolationsInCopy(browser, page);

    for (const [id, named] of [
      [fx.panelApplications.named, true],
      [fx.panelApplications.unnamed, false],
    ] as const) {
      await tabTo(page, (f) => f.href.endsWith(`/applications/${id}`));
      await pressAndWait(page);
      expect(await page.locator('h1').innerText()).toBe(
        `Application from ${named ? 'Wilhelmina' : 'Bartholomew'} Fixture`,
      );
      await expectNoAxeViolationsInCopy(browser, page);
      // Nothing chosen: the error summary, and back to the field with the keyboard.
      await tabTo(page, 'Save decision');
      await pressAndWait(page);
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.locator('#decision-error').innerText()).toContain('Choose a decision');
      await expectNoAxeViolationsInCopy(browser, page);
      await tabTo(page, 'decision'); // the first radio: "Approve"
      await page.keyboard.press('Space');
      if (named) {
        await tabTo(page, 'adultConfirmed');
        await page.keyboard.press('Space');
      }
      await tabTo(page, 'Save decision');
      await pressAndWait(page);
      expect(new URL(page.url()).pathname).toBe('/staff/panels/bloomsbury');
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Application approved');
    }

    await tabTo(page, 'Members and their terms');
    await pressAndWait(page);
    const members = await page.locator('main table').innerText();
    expect(members).toContain('Wilhelmina Fixture');
    expect(members).toContain('Wilhelmina, Lives in the ward');
    expect(members).toContain('Bartholomew Fixture');
    await expectNoAxeViolationsInCopy(browser, page);

    await residents.reload();
    const text = await residents.locator('main').innerText();
    expect(text).toContain('Wilhelmina, Lives in the ward');
    expect(text).not.toContain('Bartholomew');
    expect(text).not.toContain('Priya'); // a seeded member who did not ask to be named
    expect(text).toMatch(/other members are not named/);
  });
});

describe('panel pages', () => {
  it('the public panel page: linked from the ward page, no script, only named adults, axe', async ({
    page,
    baseURL,
  }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${baseURL}/wards/holloway`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: /Holloway Ward Panel: who is on it/ }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/wards/holloway/panel');
    expect(await page.locator('h1').innerText()).toBe('Holloway Ward Panel');
    expect(await page.locator('main li').allInnerTexts()).toContain('Declan, Lives in the ward');
    expect(await page.locator('main').innerText()).not.toContain('Fatima');
    expect(await page.getByRole('link', { name: 'Find out how to get involved' }).getAttribute('href')).toBe(
      '/get-involved',
    );
    expect(await page.locator('script').count()).toBe(0);
    expect(scripts).toEqual([]);
    await expectNoAxeViolations(page);
  });

  it('every staff panel page passes axe, and the export is a CSV download', async ({
    openPage,
    baseURL,
    fx,
  }) => {
    const page = await openPage({ session: fx.staff.liaison_officer.session });
    await page.goto(`${baseURL}/staff/panels/youth-advisory-forum`);
    await expectNoAxeViolations(page);
    const forumApp = page.locator('main table a').first();
    await Promise.all([page.waitForEvent('load'), forumApp.click()]);
    expect(await page.locator('main').innerText()).toContain('Parent or guardian');
    await expectNoAxeViolations(page);
    for (const path of [
      '/staff/panels',
      '/staff/panels/holloway',
      '/staff/panels/holloway/equality',
      '/staff/panels/boroughs/camden',
      '/staff/panels/holloway/members',
    ]) {
      await page.goto(`${baseURL}${path}`);
      expect(await page.locator('h1').count()).toBe(1);
      await expectNoAxeViolations(page);
    }
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('main table a', { hasText: 'Remove' }).first().click(),
    ]);
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/panels\/holloway\/members\/\d+\/remove$/);
    await expectNoAxeViolations(page);
    const csv = await page.request.get(`${baseURL}/staff/panels/holloway/members.csv`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('Declan Murphy');
  });

  it('a ward officer gets a 404 for another ward’s panel and for the Forum', async ({
    openPage,
    baseURL,
    fx,
  }) => {
    const page = await openPage({ session: fx.staff.ward_officer.session });
    for (const path of [
      '/staff/panels/holloway',
      '/staff/panels/youth-advisory-forum',
      '/staff/panels/holloway/members.csv',
    ]) {
      const res = await page.goto(`${baseURL}${path}`);
      expect(res?.status(), path).toBe(404);
    }
  });
});
