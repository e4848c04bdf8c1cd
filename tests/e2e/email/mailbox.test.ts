// The local mailbox: in the navigation for those who may read it, and a message's web addresses
// are links while everything else in it, markup included, is shown as text.
import { describe, expect } from 'vitest';
import { expectNoAxeViolations } from '../browser.ts';
import { test } from '../browser-test.ts';

describe('the local mailbox', () => {
  test('is in the navigation for an administrator, and its messages open from there', async ({
    openPage,
    baseURL,
    fx,
  }) => {
    const page = await openPage({ session: fx.staff.admin.session });
    await page.goto(`${baseURL}/staff`);
    await page.getByRole('navigation').getByRole('link', { name: 'Local mailbox' }).click();
    expect(new URL(page.url()).pathname).toBe('/staff/mailbox');
    await page.getByRole('link', { name: 'E2E fixture message' }).click();
    expect(new URL(page.url()).pathname).toBe(`/staff/mailbox/${fx.mailboxMessageId}`);

    const text = page.locator('#email-text');
    expect(await text.innerText()).toContain('Hello <b>there</b>.');
    expect(await text.locator('b').count()).toBe(0);
    const links = text.getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('https://portal.example.org/staff/setup?x=1&y=2');
    expect(await links.first().innerText()).toBe('https://portal.example.org/staff/setup?x=1&y=2');
    // The HTML part is never rendered.
    expect(await page.locator('a[href="https://html-part.example/"]').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  test('is not in the navigation for a liaison officer', async ({ openPage, baseURL, fx }) => {
    const page = await openPage({ session: fx.staff.liaison_officer.session });
    await page.goto(`${baseURL}/staff`);
    expect(await page.getByRole('link', { name: 'Local mailbox' }).count()).toBe(0);
  });
});
