// The whole back-office journey an administrator and a new liaison officer take:
// invite → the email arrives (local mailbox) → set a password → enrol the authenticator app (code
// computed here from the key the page shows) → sign in → publish a plan update → residents see it.
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations, recordSetCookies, totpCode } from '../browser.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

async function submit(page: Page, button: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button }).click()]);
}

async function signIn(
  page: Page,
  email: string,
  password: string,
  key: string,
  offset: number,
): Promise<void> {
  await page.goto(`${baseURL}/staff/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await submit(page, 'Continue', /two-factor/);
  await page.getByLabel('6-digit code').fill(totpCode(key, offset));
  await submit(page, 'Sign in', /\/staff$/);
}

describe('from invitation to a published update', () => {
  it('works end to end', { timeout: 180_000 }, async ({ openPage }) => {
    const email = `new-officer-${Date.now()}@example.org`;
    const headline = `Safer Schools Officers in every secondary school ${Date.now()}`;

    // The administrator invites a liaison officer.
    const admin = await openPage();
    await signIn(admin, fx.staff.admin.email, fx.password, fx.staff.admin.totpKey, 1);
    await admin.getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.getByRole('link', { name: 'Invite a staff member' }).click();
    await admin.getByLabel('Full name').fill('Nia Officer');
    await admin.getByLabel('Work email address').fill(email);
    await admin.getByLabel('Community liaison officer').check();
    await submit(admin, 'Send invitation', /\/staff\/users\/[0-9a-f-]{36}$/);
    expect(await admin.locator('.govuk-notification-banner').innerText()).toContain(
      `Invitation sent to ${email}`,
    );
    await expectNoAxeViolations(admin);

    // The invitation reaches the local mailbox (the worker delivers it in the background).
    let link: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!link && Date.now() < deadline) {
      await admin.goto(`${baseURL}/staff/mailbox`);
      const row = admin.locator('tr', { hasText: email });
      if ((await row.count()) > 0) {
        await row.getByRole('link').click();
        link = (await admin.locator('#email-text').innerText()).match(
          /https?:\/\/\S+\/staff\/setup\/[a-z2-7]{32}/,
        )?.[0];
      } else {
        await admin.waitForTimeout(500);
      }
    }
    expect(link, 'invitation link in the mailbox').toBeDefined();
    await expectNoAxeViolations(admin);

    // The officer follows the link: the token leaves the address bar at once.
    const officer = await openPage();
    const setupPath = new URL(link ?? '').pathname;
    await officer.goto(baseURL + setupPath);
    expect(new URL(officer.url()).pathname).toBe('/staff/setup');
    await expectNoAxeViolations(officer);
    await officer.getByLabel('New password', { exact: true }).fill('password1234');
    await officer.getByLabel('Confirm new password').fill('password1234');
    await submit(officer, 'Continue', /_action=auth\.setPassword/);
    expect(await officer.locator('.govuk-error-summary').innerText()).toContain('too easy to guess');
    const password = 'lamp post river biscuit';
    await officer.getByLabel('New password', { exact: true }).fill(password);
    await officer.getByLabel('Confirm new password').fill(password);
    await submit(officer, 'Continue', /\/staff\/setup\/two-factor/);
    await expectNoAxeViolations(officer);

    // Enrol: read the key the page shows, as a person typing it into an app would.
    const key = await officer.locator('#totp-key').innerText();
    expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(await officer.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    await officer.getByLabel('6-digit code').fill(totpCode(key, 0));
    const setCookies = recordSetCookies(officer);
    await submit(officer, 'Finish setting up', /recovery-codes/);
    // Set up is a complete sign-in: this browser is trusted from now on (a device cookie).
    expect((await officer.context().cookies()).map((c) => c.name)).toContain('cn_device');
    const codes = await officer.locator('.cn-recovery-codes li').allInnerTexts();
    expect(codes).toHaveLength(10);
    await expectNoAxeViolations(officer);
    // The codes are held server-side for this session: no cookie ever carried them.
    expect(setCookies.length).toBeGreaterThan(0);
    for (const code of codes) expect(setCookies.join('\n')).not.toContain(code);
    await submit(officer, 'I have saved my recovery codes', /\/staff$/);
    // Saved: they are not shown again.
    await officer.goto(`${baseURL}/staff/setup/recovery-codes`);
    expect(await officer.locator('.cn-recovery-codes').count()).toBe(0);
    await officer.goto(`${baseURL}/staff`);

    // The link is used up.
    const again = await openPage();
    await again.goto(baseURL + setupPath);
    expect(await again.locator('h1').innerText()).toContain('expired or has already been used');

    // Sign out and in again with the password and a fresh code.
    await officer.getByRole('button', { name: 'Sign out' }).click();
    await signIn(officer, email, password, key, 1);

    // Publish a progress update on action 9.
    await officer.getByRole('link', { name: 'Plan updates', exact: true }).click();
    await officer.getByRole('link', { name: /^Action 9:/ }).click();
    await officer.getByRole('link', { name: 'Write an update' }).click();
    await officer.getByLabel('Date the update reports on').fill('2026-11-20');
    await officer.getByLabel('On track').check();
    await officer.getByLabel('Camden', { exact: true }).check();
    await officer.getByLabel('Headline').fill(headline);
    await officer.getByLabel('Source').fill('Camden Safer Schools team, November 2026');
    await officer
      .getByLabel('Update', { exact: true })
      .fill(
        'Every secondary school in Camden now has a named officer.\n\n- Weekly drop-ins\n- Assemblies on knife crime',
      );
    await submit(officer, 'Save draft', /\/staff\/action-plan\/9$/);
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('Draft saved');

    const publicPage = await openPage();
    await publicPage.goto(`${baseURL}/action-plan/9`);
    expect(await publicPage.locator('main').innerText()).not.toContain(headline);

    await officer
      .locator('.cn-card', { hasText: headline })
      .getByRole('button', { name: /^Publish/ })
      .click();
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain(
      'The update is published',
    );
    await expectNoAxeViolations(officer);

    await publicPage.goto(`${baseURL}/action-plan/9`);
    const timeline = publicPage.locator('.cn-timeline li').first();
    expect(await timeline.locator('h3').innerText()).toBe(headline);
    expect(await timeline.locator('ul li').allInnerTexts()).toEqual([
      'Weekly drop-ins',
      'Assemblies on knife crime',
    ]);
    expect(await timeline.innerText()).toContain('20 November 2026 · Camden');
    expect(await timeline.innerText()).toContain('Source: Camden Safer Schools team, November 2026.');
    await expectNoAxeViolations(publicPage);

    // Everything is in the audit log.
    await admin.goto(`${baseURL}/staff/audit`);
    const log = await admin.locator('table').innerText();
    for (const entry of [
      'Invited a staff member',
      'Set up authenticator app',
      'Drafted a plan update',
      'Published a plan update',
      'Read a message in the local mailbox',
    ]) {
      expect(log).toContain(entry);
    }
  });
});

describe('forgotten password', () => {
  it('sends a link that sets a new password, and works only once', {
    timeout: 180_000,
  }, async ({ openPage }) => {
    const email = 'e2e-target@example.org';
    const page = await openPage();
    await page.goto(`${baseURL}/staff/forgot-password`);
    await page.getByLabel('Email address').fill(email);
    await submit(page, 'Send the link', /\/staff\/forgot-password\/sent$/);
    expect(await page.locator('h1').innerText()).toBe('Check your email');

    // An unknown address gets exactly the same answer.
    await page.goto(`${baseURL}/staff/forgot-password`);
    await page.getByLabel('Email address').fill('nobody-at-all@example.org');
    await submit(page, 'Send the link', /\/staff\/forgot-password\/sent$/);

    // The administrator's local mailbox has the message for the real address only.
    const box = await openPage({ session: fx.staff.admin.session });
    let link: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!link && Date.now() < deadline) {
      await box.goto(`${baseURL}/staff/mailbox`);
      const row = box.locator('tr', { hasText: email }).filter({ hasText: 'Reset your' });
      if ((await row.count()) > 0) {
        await row.first().getByRole('link').click();
        link = (await box.locator('#email-text').innerText()).match(
          /https?:\/\/\S+\/staff\/reset-password\/[a-z2-7]{32}/,
        )?.[0];
      } else {
        await box.waitForTimeout(500);
      }
    }
    expect(link, 'reset link in the mailbox').toBeDefined();
    await box.goto(`${baseURL}/staff/mailbox`);
    expect(await box.locator('main').innerText()).not.toContain('nobody-at-all@example.org');

    const resetPath = new URL(link ?? '').pathname;
    await page.goto(baseURL + resetPath);
    expect(new URL(page.url()).pathname).toBe('/staff/reset-password');
    await expectNoAxeViolations(page);
    await page.getByLabel('New password', { exact: true }).fill('a fresh reset password');
    await page.getByLabel('Confirm new password').fill('a different one entirely');
    await submit(page, 'Change password', /_action=auth\.resetPassword/);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The passwords do not match');
    await page.getByLabel('New password', { exact: true }).fill('a fresh reset password');
    await page.getByLabel('Confirm new password').fill('a fresh reset password');
    await submit(page, 'Change password', /\/staff\/login\?reset=1/);
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Your password has been changed');

    // The link works once.
    await page.goto(baseURL + resetPath);
    expect(await page.locator('h1').innerText()).toContain('expired or has already been used');
  });
});

describe('an invitation that was lost or expired', () => {
  /** The setup links in the mailbox for an address, newest first, once `count` have arrived. */
  async function setupLinks(page: Page, email: string, count: number): Promise<string[]> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await page.goto(`${baseURL}/staff/mailbox`);
      const rows = page.locator('tr', { hasText: email });
      if ((await rows.count()) >= count) {
        const links: string[] = [];
        for (let i = 0; i < count; i++) {
          await page.goto(`${baseURL}/staff/mailbox`);
          await page.locator('tr', { hasText: email }).nth(i).getByRole('link').click();
          const link = (await page.locator('#email-text').innerText()).match(
            /https?:\/\/\S+\/staff\/setup\/[a-z2-7]{32}/,
          )?.[0];
          if (link) links.push(new URL(link).pathname);
        }
        return links;
      }
      await page.waitForTimeout(500);
    }
    throw new Error(`fewer than ${count} invitations reached the mailbox`);
  }

  it('can be resent by an administrator or asked for again, and only the newest link works', {
    timeout: 180_000,
  }, async ({ openPage }) => {
    const email = `resend-${Date.now()}@example.org`;
    const admin = await openPage({ session: fx.staff.admin.session });
    await admin.goto(`${baseURL}/staff/users/invite`);
    await admin.getByLabel('Full name').fill('Rhys Pending');
    await admin.getByLabel('Work email address').fill(email);
    await admin.getByLabel('Community liaison officer').check();
    await submit(admin, 'Send invitation', /\/staff\/users\/[0-9a-f-]{36}$/);
    const memberPage = admin.url();

    // Resend from the member's page: a new link, the old one dead.
    await submit(admin, 'Resend invitation', /\/staff\/users\/[0-9a-f-]{36}$/);
    expect(await admin.locator('.govuk-notification-banner').innerText()).toContain(
      `A new invitation has been sent to ${email}`,
    );
    await expectNoAxeViolations(admin);
    const [second, first] = await setupLinks(admin, email, 2);

    // "Forgot password" for the address gives the same page as for any other, and a third invitation.
    const visitor = await openPage();
    const sentPage = async (address: string): Promise<string> => {
      await visitor.goto(`${baseURL}/staff/forgot-password`);
      await visitor.getByLabel('Email address').fill(address);
      await submit(visitor, 'Send the link', /\/staff\/forgot-password\/sent$/);
      return visitor.locator('main').innerText();
    };
    expect(await sentPage(email)).toBe(await sentPage(`nobody-${Date.now()}@example.org`));
    const [third] = await setupLinks(admin, email, 3);

    for (const dead of [first, second]) {
      await visitor.goto(baseURL + dead);
      expect(await visitor.locator('h1').innerText()).toContain('expired or has already been used');
    }
    await visitor.goto(baseURL + third);
    expect(new URL(visitor.url()).pathname).toBe('/staff/setup');
    expect(await visitor.locator('h1').innerText()).not.toContain('expired');

    // Until they finish setting up, the page still offers to resend.
    await admin.goto(memberPage);
    expect(await admin.getByRole('button', { name: 'Resend invitation' }).count()).toBe(1);
  });
});
