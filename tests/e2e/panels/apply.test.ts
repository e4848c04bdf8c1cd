// Issue 19, applying, as residents meet it with JavaScript off and the keyboard alone (axe on every
// page): an adult applies to a Ward Panel, confirms through the emailed link, is approved by a liaison
// officer and appears on the panel's page only as she agreed; a 15-year-old's
// Forum application waits for a parent or guardian, who approves through their emailed link (another
// 15-year-old's, never answered, stays incomplete); with JavaScript, the island's live behaviours. On
// a server of its own, so the database can be read once it stops. A 12-year-old: turned-away.test.ts.

import { sql } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createDb, rowsOf } from '../../../db/client.ts';
import { formatDate } from '../../../src/lib/format.ts';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsInCopy,
  ISLAND_PAGE_BUDGET,
  javaScriptBytes,
  launchBrowser,
} from '../browser.ts';
import { it } from '../browser-test.ts';
import { pressAndWait, tabTo } from '../keyboard.ts';
import { type MailboxServer, waitForMessage } from '../mailbox.ts';
import { startOwnServer } from '../server.ts';

let own: Awaited<ReturnType<typeof startOwnServer>>;
let mailbox: MailboxServer;
/** For axe on pages with JavaScript off: a copy of the page is checked in a context with it on. */
let axeBrowser: Browser;
const scriptless = new WeakSet<Page>();

/** axe on the page (on a copy of it when its JavaScript is off: axe runs as a script). */
async function axe(page: Page): Promise<void> {
  if (scriptless.has(page)) await expectNoAxeViolationsInCopy(axeBrowser, page);
  else await expectNoAxeViolations(page);
}

beforeAll(async () => {
  axeBrowser = await launchBrowser();
  own = await startOwnServer('cn-e2e-apply-', { emailWorker: true });
  mailbox = { baseURL: own.baseURL, adminSession: own.fixtures.staff.admin.session };
}, 120_000);

afterAll(async () => {
  await axeBrowser?.close();
  await own?.stop();
});

/** Presses a button or link with the keyboard and waits for the page it leads to. */
async function press(page: Page, target: Locator, path: string | RegExp): Promise<void> {
  await target.focus();
  // The next page's load (a refused form comes back to the same address, so the address alone says nothing).
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  const at = new URL(page.url());
  if (typeof path === 'string') expect(at.pathname).toBe(path);
  else expect(at.pathname + at.search).toMatch(path);
  await axe(page);
}
const cont = (page: Page, path: string) => press(page, page.getByRole('button', { name: 'Continue' }), path);
async function type(field: Locator, text: string): Promise<void> {
  await field.focus();
  await field.page().keyboard.type(text);
}
async function tick(field: Locator): Promise<void> {
  await field.focus();
  await field.page().keyboard.press('Space');
}
const heading = (page: Page) => page.locator('main h1').innerText();
const summary = (page: Page) => page.locator('.govuk-error-summary').innerText();

/** Opens the one-time link in the newest message to `to` with `subject`, on this server. */
async function openLink(page: Page, to: string, subject: string, path: RegExp, lands: string): Promise<void> {
  const text = await waitForMessage(to, subject, 1, mailbox);
  const found = new RegExp(`${path.source}[a-z2-7]{32}`).exec(text)?.[0];
  if (!found) throw new Error(`No link in "${subject}"`);
  await page.goto(own.baseURL + found);
  expect(new URL(page.url()).pathname).toBe(lands);
  await axe(page);
}

/** The applicant opens the confirmation link in `subject` and confirms their address. */
async function confirmEmail(page: Page, to: string, subject: string): Promise<void> {
  await openLink(page, to, subject, /\/get-involved\/confirm\//, '/get-involved/confirm');
  await press(
    page,
    page.getByRole('button', { name: 'Confirm my email address' }),
    '/get-involved/confirmed',
  );
}

/** A person takes longer than the 5-second minimum; waits out the rest if the test was quicker. */
async function waitOutMinimum(page: Page, started: number): Promise<void> {
  const wait = 6_000 - (Date.now() - started);
  if (wait > 0) await page.waitForTimeout(wait);
}

describe('with JavaScript off, by keyboard', () => {
  it('an adult applies to their Ward Panel, confirms her email address, is approved and is named on the panel page only as she agreed', {
    timeout: 150_000,
  }, async ({ openPage }) => {
    const page = await openPage({ javaScriptEnabled: false });
    scriptless.add(page);
    await page.goto(`${own.baseURL}/get-involved`);
    await axe(page);
    await press(
      page,
      page.getByRole('button', { name: 'Apply to join a Ward Panel' }),
      '/get-involved/ward-panel/adult',
    );
    const started = Date.now();
    // Nothing chosen: the error summary, and the page again.
    await cont(page, '/get-involved/ward-panel/adult');
    expect(await summary(page)).toContain('Say whether you are 18 or over');
    await tick(page.getByRole('radio', { name: 'Yes' }));
    await cont(page, '/get-involved/ward-panel/ward');
    await cont(page, '/get-involved/ward-panel/ward');
    expect(await summary(page)).toContain('Choose the ward whose panel you want to join');
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Holloway' });
    await cont(page, '/get-involved/ward-panel/about');
    await type(page.getByLabel('Your full name'), 'Amina Okafor');
    await type(page.getByLabel('Email address'), 'not-an-address');
    await cont(page, '/get-involved/ward-panel/about');
    expect(await summary(page)).toContain('Enter an email address in the correct format');
    expect(await page.getByLabel('Your full name').inputValue()).toBe('Amina Okafor');
    await page.getByLabel('Email address').fill('');
    await type(page.getByLabel('Email address'), 'amina.apply@example.org');
    await cont(page, '/get-involved/ward-panel/connection');
    await tick(page.getByLabel('I represent an organisation in the ward'));
    await cont(page, '/get-involved/ward-panel/connection');
    expect(await summary(page)).toContain('Enter the name of the organisation');
    await type(page.getByLabel('The organisation’s name'), 'Hilldrop Tenants’ Association');
    await cont(page, '/get-involved/ward-panel/reason');
    await type(
      page.getByLabel('Why do you want to join?'),
      'Our estate wants a say in what the team works on.',
    );
    await type(page.getByLabel('When can you meet? (optional)'), 'Weekday evenings');
    await cont(page, '/get-involved/ward-panel/consent');
    await cont(page, '/get-involved/ward-panel/consent');
    expect(await summary(page)).toContain('Tick the box to agree that we may contact you');
    await tick(page.getByLabel('Yes, you may contact me about my application and the meetings'));
    await tick(page.getByLabel('Yes, show my first name and role'));
    await cont(page, '/get-involved/ward-panel/equality');
    await tick(page.getByRole('group', { name: 'What is your sex?' }).getByLabel('Prefer not to say'));
    await tick(page.getByRole('radio', { name: 'Caribbean', exact: true }));
    await cont(page, '/get-involved/ward-panel/check');
    const main = await page.getByRole('main').innerText();
    expect(main).toContain('Holloway (Islington)');
    expect(main).toContain('“Amina, Represents Hilldrop Tenants’ Association”');
    expect(main).toContain('Caribbean');
    await waitOutMinimum(page, started);
    await press(
      page,
      page.getByRole('button', { name: 'Send application' }),
      '/get-involved/ward-panel/sent',
    );
    expect(await heading(page)).toBe('Check your email');

    await confirmEmail(page, 'amina.apply@example.org', 'Confirm your application to your Ward Panel');
    expect(await page.locator('.govuk-panel__body').innerText()).toBe('Your application has been sent');
    // The link works once.
    await page.goBack();
    await page.reload();
    expect(await heading(page)).toBe('This link has expired or has already been used');

    // A liaison officer approves her, with the keyboard; the ward's panel page then names her only as
    // she agreed: first name and role, never her surname or her email.
    const panelPage = await openPage({ javaScriptEnabled: false });
    scriptless.add(panelPage);
    await panelPage.goto(`${own.baseURL}/wards/holloway/panel`); // the page cache keeps this copy
    expect(await panelPage.getByText('Amina').count()).toBe(0);
    const staff = await openPage({
      javaScriptEnabled: false,
      session: own.fixtures.staff.liaison_officer.session,
    });
    scriptless.add(staff);
    await staff.goto(`${own.baseURL}/staff/panels/holloway`);
    await axe(staff);
    // Oldest first: hers, sent a moment ago, is the last in the queue.
    const hers = await staff.locator('main a[href*="/applications/"]').last().getAttribute('href');
    await tabTo(staff, (f) => f.href === hers);
    await pressAndWait(staff);
    expect(await staff.locator('h1').innerText()).toBe('Application from Amina Okafor');
    await axe(staff);
    await tabTo(staff, 'decision'); // the first radio: "Approve"
    await staff.keyboard.press('Space');
    await tabTo(staff, 'adultConfirmed');
    await staff.keyboard.press('Space');
    await tabTo(staff, 'Save decision');
    await pressAndWait(staff);
    expect(new URL(staff.url()).pathname).toBe('/staff/panels/holloway');
    expect(await staff.locator('.govuk-notification-banner').innerText()).toContain('Application approved');
    await panelPage.reload();
    await axe(panelPage);
    const shown = await panelPage.locator('main').innerText();
    expect(shown).toContain('Amina, Represents Hilldrop Tenants’ Association');
    expect(shown).not.toContain('Okafor');
    expect(shown).not.toContain('amina.apply@example.org');
  });

  async function fifteenYearOld(
    page: Page,
    name: string,
    email: string,
    guardianEmail: string,
  ): Promise<void> {
    const dob = new Date();
    dob.setUTCFullYear(dob.getUTCFullYear() - 15, dob.getUTCMonth() - 2);
    await page.goto(`${own.baseURL}/get-involved`);
    await press(
      page,
      page.getByRole('button', { name: 'Apply to join the Youth Advisory Forum' }),
      '/get-involved/youth-forum/birth',
    );
    const started = Date.now();
    await page.getByLabel('What is your date of birth?').fill(dob.toISOString().slice(0, 10));
    await cont(page, '/get-involved/youth-forum/guardian');
    await type(page.getByLabel('Their full name'), 'Pat Parent');
    await type(page.getByLabel('Their email address'), guardianEmail);
    await cont(page, '/get-involved/youth-forum/about');
    expect(await page.getByRole('main').innerText()).toContain('Your name is never shown on the website');
    await type(page.getByLabel('Your full name'), name);
    await type(page.getByLabel('Email address'), email);
    await cont(page, '/get-involved/youth-forum/reason');
    await type(page.getByLabel('Why do you want to join?'), 'Stop and search near school.');
    await cont(page, '/get-involved/youth-forum/consent');
    expect(await page.getByLabel('Yes, show my first name and role').count()).toBe(0);
    await tick(page.getByLabel('Yes, you may contact me about my application and the meetings'));
    await cont(page, '/get-involved/youth-forum/equality');
    await cont(page, '/get-involved/youth-forum/check');
    const check = await page.getByRole('main').innerText();
    expect(check).toContain('Pat Parent');
    // The date of birth as people write it ("6 October 2011"), not as the form field holds it.
    expect(check).toContain(formatDate(dob.toISOString().slice(0, 10)));
    expect(check).not.toContain(dob.toISOString().slice(0, 10));
    await waitOutMinimum(page, started);
    await press(
      page,
      page.getByRole('button', { name: 'Send application' }),
      '/get-involved/youth-forum/sent',
    );
    await confirmEmail(page, email, 'Confirm your application to the Youth Advisory Forum');
    expect(await page.locator('.govuk-panel__body').innerText()).toBe(
      'Now we need your parent or guardian to agree',
    );
  }

  it('a 15-year-old’s application waits for their guardian, who approves through the emailed link', {
    timeout: 120_000,
  }, async ({ openPage }) => {
    const page = await openPage({ javaScriptEnabled: false });
    scriptless.add(page);
    await fifteenYearOld(page, 'Dee Fifteen', 'dee.apply@example.org', 'pat.apply@example.org');
    // A second one whose guardian never answers: it stays incomplete (read in the database below).
    const second = await openPage({ javaScriptEnabled: false });
    scriptless.add(second);
    await fifteenYearOld(second, 'Eli Fifteen', 'eli.apply@example.org', 'quiet.apply@example.org');

    const guardian = await openPage({ javaScriptEnabled: false });
    scriptless.add(guardian);
    await openLink(
      guardian,
      'pat.apply@example.org',
      'Dee has applied to join the Youth Advisory Forum',
      /\/get-involved\/guardian\//,
      '/get-involved/guardian',
    );
    expect(await heading(guardian)).toBe('Do you agree to Dee’s application?');
    await press(guardian, guardian.getByRole('button', { name: 'Send my answer' }), '/get-involved/guardian');
    expect(await summary(guardian)).toContain('Choose whether you agree');
    await tick(guardian.getByLabel('Yes, I agree to Dee’s application'));
    await press(
      guardian,
      guardian.getByRole('button', { name: 'Send my answer' }),
      '/get-involved/guardian/done',
    );
    expect(await guardian.locator('.govuk-panel__body').innerText()).toBe('The application goes ahead');
  });
});

describe('with JavaScript on, by keyboard', () => {
  it('checks as typed, filters the wards, and moves between the questions in one document', {
    timeout: 90_000,
  }, async ({ page }) => {
    const measure = javaScriptBytes(page);
    await page.goto(`${own.baseURL}/get-involved/ward-panel/adult`);
    await expect.poll(() => page.locator('astro-island').getAttribute('ssr'), { timeout: 10_000 }).toBeNull();
    const bytes = await measure();
    console.log(`JavaScript on /get-involved/ward-panel/adult: ${JSON.stringify(bytes)} bytes gzip`);
    expect(bytes.total, 'bytes of JavaScript').toBeLessThanOrEqual(ISLAND_PAGE_BUDGET);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    await tick(page.getByRole('radio', { name: 'Yes' }));
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('main h1').innerText())
      .toBe('Which ward’s panel do you want to join?');
    expect(new URL(page.url()).pathname).toBe('/get-involved/ward-panel/ward');
    await type(page.getByLabel('Find the ward'), 'hollo');
    await expect
      .poll(() => page.locator('#ward option').allInnerTexts())
      .toEqual(['Choose a ward', 'Holloway']);
    await expect.poll(() => page.locator('main [aria-live="polite"]').innerText()).toBe('1 ward in the list');
    await page.getByLabel('Ward', { exact: true }).selectOption({ label: 'Holloway' });
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').innerText()).toBe('Your name and how to contact you');
    expect(new URL(page.url()).pathname).toBe('/get-involved/ward-panel/about');
    await type(page.getByLabel('Email address'), 'not-an-address');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.locator('#email-error').innerText())
      .toContain('Enter an email address in the correct format');
    await page.getByLabel('Email address').fill('');
    await type(page.getByLabel('Email address'), 'js.apply@example.org');
    await expect.poll(() => page.locator('#email-error').count()).toBe(0);
    // Nothing posted while the name is missing: the summary, and the same page.
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.govuk-error-summary').innerText()).toContain('Enter your name');
    expect(new URL(page.url()).pathname).toBe('/get-involved/ward-panel/about');
    await axe(page);
    await type(page.getByLabel('Your full name'), 'Jo Script');
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').innerText()).toBe('What is your connection to the ward?');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await axe(page);
  });

  it('on the date of birth: the guardian’s questions under 16, a kind word outside 14–25, both pages saved', {
    timeout: 90_000,
  }, async ({ page }) => {
    await page.goto(`${own.baseURL}/get-involved/youth-forum/birth`);
    await expect.poll(() => page.locator('astro-island').getAttribute('ssr'), { timeout: 10_000 }).toBeNull();
    const day = (yearsAgo: number) => {
      const d = new Date();
      d.setUTCFullYear(d.getUTCFullYear() - yearsAgo, d.getUTCMonth() - 1);
      return d.toISOString().slice(0, 10);
    };
    const dob = page.getByLabel('What is your date of birth?');
    await dob.fill(day(12));
    await expect
      .poll(() => page.locator('#age-note').innerText())
      .toContain('You can apply from your 14th birthday');
    expect(await page.locator('#guardianName').count()).toBe(0);
    await axe(page);
    await dob.fill(day(30));
    await expect
      .poll(() => page.locator('#age-note').innerText())
      .toContain('You can join your Ward Panel instead');
    // The year typed digit by digit, as Chromium gives it ("0002-…" after the first): nothing is said
    // about an age until it is a year of birth (accessibility review, JavaScript on).
    const year = day(15).slice(0, 4);
    const said = page.locator('[aria-live="polite"]');
    for (const partial of [`000${year[0]}`, `00${year.slice(0, 2)}`, `0${year.slice(0, 3)}`]) {
      await dob.fill(`${partial}${day(15).slice(4)}`);
      await page.waitForTimeout(100);
      expect(await page.locator('#age-note, #guardian-questions').count(), partial).toBe(0);
    }
    expect(await said.innerText()).toBe('');
    await dob.fill(day(15));
    await expect.poll(() => page.locator('#age-note').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Their full name').count()).toBe(1);
    await expect.poll(() => said.innerText()).toContain('You are under 16');
    await axe(page);
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.govuk-error-summary').innerText())
      .toContain('Enter your parent’s or guardian’s name');
    await type(page.getByLabel('Their full name'), 'Pat Script');
    await type(page.getByLabel('Their email address'), 'pat.script@example.org');
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').innerText()).toBe('Your name and how to contact you');
    // Both pages were saved, as two posts: the guardian's page shows what was typed.
    await page.goto(`${own.baseURL}/get-involved/youth-forum/guardian`);
    expect(await page.getByLabel('Their full name').inputValue()).toBe('Pat Script');
    expect(await page.getByLabel('Their email address').inputValue()).toBe('pat.script@example.org');
  });
});

describe('stored', () => {
  it('stored: the adult approved, the 15-year-old her guardian approved pending, the other still waiting', {
    timeout: 60_000,
  }, async () => {
    await own.stop(async (dataDir) => {
      const handle = await createDb({ dataDir });
      try {
        const rows = rowsOf<{
          email: string;
          status: string;
          guardian_decision: string | null;
          show_on_panel_page: boolean;
          organisation: string | null;
        }>(
          await handle.db.execute(
            sql`select email, status, guardian_decision, show_on_panel_page, organisation from panel_applications where email like '%.apply@example.org' order by email`,
          ),
        );
        expect(rows).toEqual([
          {
            email: 'amina.apply@example.org',
            status: 'approved',
            guardian_decision: null,
            show_on_panel_page: true,
            organisation: 'Hilldrop Tenants’ Association',
          },
          {
            email: 'dee.apply@example.org',
            status: 'pending',
            guardian_decision: 'approved',
            show_on_panel_page: false,
            organisation: null,
          },
          {
            email: 'eli.apply@example.org',
            status: 'awaiting_guardian',
            guardian_decision: null,
            show_on_panel_page: false,
            organisation: null,
          },
        ]);
        const equality = rowsOf<{ n: number }>(
          await handle.db.execute(
            // The seed's answers are dated two months back; these three were given this month.
            sql`select count(*)::int as n from equality_responses where submitted_month = date_trunc('month', now() at time zone 'Europe/London')::date`,
          ),
        );
        expect(Number(equality[0]?.n)).toBe(3);
      } finally {
        await handle.close();
      }
    });
  });
});
