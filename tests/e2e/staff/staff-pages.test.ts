// The back office in a real browser: signing in with the keyboard alone, then every staff page
// checked with axe, and the forms' error states too.
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations, totpCode } from '../browser.ts';
import { it } from '../browser-test.ts';
import { tabTo } from '../keyboard.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

describe('signing in', () => {
  it('works with the keyboard alone, and goes back to the page asked for', async ({ page }) => {
    await page.goto(`${baseURL}/staff/account`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    await expectNoAxeViolations(page);

    // A wrong password first: error summary, inline error, the email kept.
    await tabTo(page, 'email');
    await page.keyboard.type(fx.staff.ward_officer.email);
    await tabTo(page, 'password');
    await page.keyboard.type('not the right password');
    await Promise.all([page.waitForURL(/_action=auth\.login/), page.keyboard.press('Enter')]);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter a correct email address and password',
    );
    expect(await page.locator('#email').inputValue()).toBe(fx.staff.ward_officer.email);
    expect(await page.locator('#password').inputValue()).toBe('');
    await expectNoAxeViolations(page);

    await tabTo(page, 'password');
    await page.keyboard.type(fx.password);
    await Promise.all([page.waitForURL(/two-factor/), page.keyboard.press('Enter')]);
    await expectNoAxeViolations(page);
    await tabTo(page, 'code');
    // The ward officer signs in only here, so no other test can have used this code's time-step.
    await page.keyboard.type(totpCode(fx.staff.ward_officer.totpKey, 1));
    await Promise.all([page.waitForURL(/\/staff\/account/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe('Your account');
    expect(await page.locator('body').innerText()).toContain('Signed in');

    // Sign out from the header.
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('You have signed out');
    await page.goto(`${baseURL}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
  });
});

describe('every staff page passes axe', () => {
  const asAdmin = { session: fx.staff.admin.session };

  it.for([
    '/staff',
    '/staff/account',
    '/staff/account/two-factor',
    '/staff/account/recovery-codes',
    '/staff/users',
    '/staff/users/invite',
    `/staff/users/${fx.targetStaffId}`,
    '/staff/audit',
    '/staff/audit?action=auth.login_failed',
    '/staff/action-plan',
    '/staff/action-plan/1',
    '/staff/action-plan/1/new',
    `/staff/action-plan/1/${fx.draftUpdateId}`,
    '/staff/mailbox',
    `/staff/mailbox/${fx.mailboxMessageId}`,
    '/staff/emails',
    '/staff/forbidden',
  ])('%s', async (path, { openPage }) => {
    const page = await openPage(asAdmin);
    const res = await page.goto(baseURL + path);
    expect(res?.status()).toBe(path === '/staff/forbidden' ? 403 : 200);
    expect(await page.locator('h1').count()).toBe(1);
    await expectNoAxeViolations(page);
  });

  it('lets an admin send to a suppressed address again, with the keyboard, and audits it and the view', async ({
    openPage,
  }) => {
    const page = await openPage(asAdmin);
    await page.goto(`${baseURL}/staff/emails`);
    const section = page.locator('#suppressed + p + .cn-scroll-region');
    expect(await section.innerText()).toContain(fx.suppressedAddress);
    // The button's name says which address (visually hidden text): find it the way a screen reader would.
    const lift = page.getByRole('button', {
      name: new RegExp(`^Send to it again\\W+${RegExp.escape(fx.suppressedAddress)}$`),
    });
    await lift.focus();
    await Promise.all([page.waitForURL(/\/staff\/emails#suppressed$/), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      `Email will be sent to ${fx.suppressedAddress} again`,
    );
    expect(await lift.count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.goto(`${baseURL}/staff/audit?action=email.unsuppress`);
    expect(await page.locator('table').innerText()).toContain(fx.suppressedAddress);
    // Seeing the list of addresses was recorded too.
    await page.goto(`${baseURL}/staff/audit?action=email.view_list`);
    expect(await page.locator('table').innerText()).toContain('Saw a list of email addresses');
  });

  it('shows form errors accessibly (plan update, invitation, audit filter)', async ({ openPage }) => {
    const page = await openPage(asAdmin);
    await page.goto(`${baseURL}/staff/action-plan/1/new`);
    await page.getByLabel('Headline').fill('');
    await page.getByLabel('Update', { exact: true }).fill('Kept text');
    await Promise.all([
      page.waitForURL(/_action=planUpdates\.create/),
      page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose a status');
    expect(await page.getByLabel('Update', { exact: true }).inputValue()).toBe('Kept text');
    await expectNoAxeViolations(page);

    await page.goto(`${baseURL}/staff/users/invite`);
    await page.getByLabel('Full name').fill('Nobody');
    await page.getByLabel('Work email address').fill('not-an-email');
    await page.getByLabel('Ward officer').check();
    await Promise.all([
      page.waitForURL(/_action=staff\.invite/),
      page.getByRole('button', { name: 'Send invitation' }).click(),
    ]);
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Enter an email address in the correct format');
    expect(summary).toContain('Choose at least one ward for a ward officer');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Nobody');
    await expectNoAxeViolations(page);

    const res = await page.goto(`${baseURL}/staff/audit?from=yesterday`);
    expect(res?.status()).toBe(400);
    await expectNoAxeViolations(page);
  });
});

describe('pages for signing in and setting up', () => {
  it.for([
    '/staff/login',
    '/staff/forgot-password',
    '/staff/forgot-password/sent',
    '/staff/setup',
    '/staff/reset-password',
  ])('%s passes axe', async (path, { page }) => {
    const res = await page.goto(baseURL + path);
    expect([200, 410]).toContain(res?.status());
    await expectNoAxeViolations(page);
  });
});
