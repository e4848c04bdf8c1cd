// A ward officer loses their phone and their recovery codes. An administrator resets their
// authenticator app; the officer signs in with the password, sets up a new app, saves new codes.
// Keyboard only: every field and button is reached by focus and used with the keys.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { expectNoAxeViolations, recordSetCookies, totpCode } from '../browser.ts';
import { test } from '../browser-test.ts';

/** Types into a field the way a keyboard user does: focus, then keys. */
async function type(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(text);
}

/** Presses a button with Enter and waits for where it leads. */
async function press(page: Page, button: string, url: RegExp): Promise<void> {
  await page.getByRole('button', { name: button }).focus();
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
}

describe('an administrator resets a lost authenticator app', () => {
  test('forces a new one after the password, with new recovery codes', { timeout: 180_000 }, async ({
    openPage,
    baseURL,
    fx,
  }) => {
    const member = fx.lostPhoneStaff;
    // The administrator opens the member's page and resets their app, with a reason.
    const admin = await openPage({ session: fx.staff.admin.session });
    await admin.goto(`${baseURL}/staff/users/${member.id}`);
    expect(await admin.locator('h1').innerText()).toBe('E2E ward_officer');
    await type(admin, 'Reason', 'Lost phone and recovery codes; identity checked by phone');
    await press(admin, 'Reset authenticator app', new RegExp(`/staff/users/${member.id}$`));
    expect(await admin.locator('.govuk-notification-banner').innerText()).toContain(
      'will set up a new one when they next sign in',
    );
    expect(await admin.locator('.govuk-summary-list').innerText()).toContain(
      'sets up a new authenticator app at their next sign-in',
    );
    expect(await admin.getByRole('button', { name: 'Reset authenticator app' }).count()).toBe(0);
    await expectNoAxeViolations(admin);

    // Audited, with the reason, in words.
    await admin.goto(`${baseURL}/staff/audit?recordType=staff_user&recordId=${member.id}`);
    const log = await admin.locator('main').innerText();
    expect(log).toContain('Reset a staff member’s authenticator app');
    expect(log).toContain('Lost phone and recovery codes');

    // The member's old session is gone.
    const old = await fetch(`${baseURL}/staff`, {
      headers: { cookie: `cn_staff=${member.session}` },
      redirect: 'manual',
    });
    expect(old.status).toBe(303);

    // The member is told by email.
    await expect
      .poll(
        async () => {
          await admin.goto(`${baseURL}/staff/mailbox`);
          return admin.locator('tr', { hasText: member.email }).allInnerTexts();
        },
        { timeout: 60_000 },
      )
      .toEqual(expect.arrayContaining([expect.stringContaining('reset by an administrator')]));

    // The member signs in: the password, then a new app instead of a code.
    const officer = await openPage();
    await officer.goto(`${baseURL}/staff/login`);
    await type(officer, 'Email address', member.email);
    await type(officer, 'Password', fx.password);
    await press(officer, 'Continue', /\/staff\/login\/new-authenticator/);
    await expectNoAxeViolations(officer);
    await officer.setViewportSize({ width: 320, height: 800 });
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(officer);
    await officer.setViewportSize({ width: 1024, height: 800 });
    // A wrong code is refused and the same key is kept for the next try.
    const key = await officer.locator('#totp-key').innerText();
    await type(officer, '6-digit code', '000000');
    await press(officer, 'Finish signing in', /_action=auth\.enrolNewAuthenticator/);
    expect(await officer.locator('.govuk-error-summary').innerText()).toContain('not correct');
    expect(await officer.locator('#totp-key').innerText()).toBe(key);
    await expectNoAxeViolations(officer);

    await type(officer, '6-digit code', totpCode(key, 0));
    const setCookies = recordSetCookies(officer);
    await press(officer, 'Finish signing in', /\/staff\/account\/recovery-codes/);
    const codes = await officer.locator('.cn-recovery-codes li').allInnerTexts();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(setCookies.join('\n')).not.toContain(code);
    await expectNoAxeViolations(officer);
    // On a 320 px phone the page does not scroll sideways: a code wraps between its halves.
    await officer.setViewportSize({ width: 320, height: 800 });
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(officer);
    // A reload (a slow phone, a second look) still shows them, until they are saved.
    await officer.reload();
    expect(await officer.locator('.cn-recovery-codes li').allInnerTexts()).toEqual(codes);
    await press(officer, 'I have saved my recovery codes', /\/staff$/);
    await officer.goto(`${baseURL}/staff/account/recovery-codes`);
    expect(await officer.locator('.cn-recovery-codes').count()).toBe(0);

    // From now on, sign-in asks for a code from the new app as usual.
    await officer.goto(`${baseURL}/staff`);
    await press(officer, 'Sign out', /\/staff\/login/);
    await type(officer, 'Email address', member.email);
    await type(officer, 'Password', fx.password);
    await press(officer, 'Continue', /\/staff\/login\/two-factor/);
    await type(officer, '6-digit code', totpCode(key, 1));
    await press(officer, 'Sign in', /\/staff$/);
  });
});
