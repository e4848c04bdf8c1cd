// The newsletter end to end, with JavaScript on and off and axe on every page: a resident subscribes
// to a ward from its page → confirms with the link from the local mailbox → a liaison officer writes
// and publishes an issue to that ward → exactly one email arrives → the mail client's one-click
// unsubscribe (a POST with no Origin) → the next issue does not arrive. And the feeds carry it.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations, expectNoAxeViolationsInCopy } from '../browser.ts';
import { it, type PageOptions } from '../browser-test.ts';
import { mailboxIds, waitForMessage } from '../mailbox.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

/** The test's fixtures these helpers use. */
interface Fixtures {
  browser: Browser;
  openPage: (options?: PageOptions) => Promise<Page>;
}

/** axe on the page as it is; with JavaScript off, on a copy of its HTML (expectNoAxeViolationsInCopy). */
async function axe(browser: Browser, page: Page, js: boolean): Promise<void> {
  return js ? expectNoAxeViolations(page) : expectNoAxeViolationsInCopy(browser, page);
}

async function publishIssue(
  { browser, openPage }: Fixtures,
  js: boolean,
  wardName: string,
  title: string,
): Promise<void> {
  const page = await openPage({ javaScriptEnabled: js, session: fx.staff.liaison_officer.session });
  await page.goto(`${baseURL}/staff/newsletters`);
  await axe(browser, page, js);
  await page.getByRole('link', { name: 'Write a newsletter' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Summary').fill(`What happened in ${wardName}.`);
  await page.getByLabel('Date of the issue').fill('2026-11-30');
  await page.getByRole('radio', { name: 'Chosen wards' }).check();
  await page.getByRole('checkbox', { name: wardName }).check();
  await page
    .getByLabel('Newsletter', { exact: true })
    .fill(`News for **${wardName}**.\n\n- Ward panel met\n- Patrols up`);
  await axe(browser, page, js);
  await page.getByRole('button', { name: 'Save draft' }).click();
  expect(await page.getByText('Draft saved').count()).toBe(1);
  await axe(browser, page, js);
  await page.getByRole('button', { name: 'Publish and email now' }).click();
  expect(await page.locator('.govuk-notification-banner__heading').innerText()).toBe('Published');
  expect(await page.locator('.govuk-summary-list').innerText()).toContain(`The ward of ${wardName}`);
  await axe(browser, page, js);
}

describe.each([
  { js: true, ward: 'tollington', wardName: 'Tollington' },
  { js: false, ward: 'junction', wardName: 'Junction' },
])('the newsletter journey with JavaScript $js', ({ js, ward, wardName }) => {
  const email = `journey-${ward}-${Date.now()}@example.net`;

  it('subscribe on a ward page, confirm, receive one issue, unsubscribe in one click, receive no more', async ({
    browser,
    openPage,
  }) => {
    const page = await openPage({ javaScriptEnabled: js });

    // Subscribe from the ward page: the ward is chosen already.
    await page.goto(`${baseURL}/wards/${ward}`);
    expect(
      await page.locator(`link[rel="alternate"][href="/api/wards/${ward}/newsletters/rss.xml"]`).count(),
    ).toBe(1);
    await page.getByLabel('Email address').fill(email);
    // A short form: this ward (chosen), its borough or everything, and no list of every ward.
    expect(
      await page.getByRole('radio', { name: `News for ${wardName} (and the rest of Islington)` }).isChecked(),
    ).toBe(true);
    expect(await page.locator('.cn-subscribe input[type="checkbox"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(new URL(page.url()).pathname).toBe('/newsletters/check-your-email');
    await axe(browser, page, js);

    // Confirm with the link from the local mailbox.
    const confirmation = await waitForMessage(
      email,
      'Confirm your subscription to the Central North Community Safety newsletter',
    );
    const link = confirmation.match(/https?:\/\/\S+\/newsletters\/confirm\/[a-z2-7]{32}/)?.[0];
    expect(link).toBeTruthy();
    await page.goto(`${baseURL}${new URL(link as string).pathname}`);
    expect(new URL(page.url()).pathname).toBe('/newsletters/confirm');
    await axe(browser, page, js);
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    expect(new URL(page.url()).pathname).toBe('/newsletters/preferences');
    expect(await page.getByText('Your subscription is confirmed').count()).toBe(1);
    expect(await page.getByText(`You get: The ward of ${wardName}`).count()).toBe(1);
    await axe(browser, page, js);

    // Subscribing again shows the same page; the address gets a link to its preferences instead.
    await page.goto(`${baseURL}/newsletters`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(new URL(page.url()).pathname).toBe('/newsletters/check-your-email');
    const known = await waitForMessage(
      email,
      'You already get the Central North Community Safety newsletter',
    );
    expect(known).toMatch(/\/newsletters\/preferences\/[a-z2-7]{32}/);

    // A liaison officer publishes to the ward: exactly one email reaches the subscriber.
    const first = `${wardName} news ${js ? 'with' : 'without'} JavaScript`;
    await publishIssue({ browser, openPage }, js, wardName, first);
    const issue = await waitForMessage(email, first);
    expect(issue).toContain('Read this newsletter on the website');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailboxIds(email, first)).toHaveLength(1);

    // It is on the web and in the ward's feed.
    const feed = await (await fetch(`${baseURL}/api/wards/${ward}/newsletters/rss.xml`)).text();
    expect(feed).toContain(first);

    // The mail client's one-click unsubscribe: a form POST with no Origin header.
    const unsubscribeUrl = issue.match(/https?:\/\/\S+\/api\/newsletters\/unsubscribe\/[a-z2-7]{32}/)?.[0];
    expect(unsubscribeUrl).toBeTruthy();
    const oneClick = await fetch(`${baseURL}${new URL(unsubscribeUrl as string).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    // The next issue does not arrive.
    const second = `${wardName} second issue ${js ? 'with' : 'without'} JavaScript`;
    await publishIssue({ browser, openPage }, js, wardName, second);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await mailboxIds(email, second)).toEqual([]);
  }, 180_000);
});

describe('a mistake in the subscribe form', () => {
  it.for([
    { js: false, path: '/wards/holloway' },
    { js: true, path: '/newsletters' },
  ])(
    'on $path, JavaScript $js: summarised at the top of the page, shown at the field, typed text kept',
    async ({ js, path }, { browser, openPage }) => {
      const page = await openPage({ javaScriptEnabled: js });
      await page.goto(`${baseURL}${path}`);
      await page.getByLabel('Email address').fill('name at example.net');
      if (path === '/wards/holloway')
        await page.getByRole('radio', { name: 'News for all of Islington, every ward in it' }).check();
      await page.getByRole('button', { name: 'Subscribe' }).click();

      expect(await page.title()).toMatch(/^Error: /);
      const summary = page.locator('.govuk-error-summary');
      expect(await summary.innerText()).toContain('Enter one email address, like name@example.com');
      // The summary comes before the page's heading, and its link leads to the field.
      expect(
        await page.evaluate(() => {
          const s = document.querySelector('.govuk-error-summary');
          const h1 = document.querySelector('h1');
          return !!(s && h1 && s.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
        }),
      ).toBe(true);
      expect(await summary.getByRole('link').getAttribute('href')).toBe('#email');
      expect(await page.locator('#email-error').innerText()).toContain('Enter one email address');
      expect(await page.getByLabel('Email address').inputValue()).toBe('name at example.net');
      if (path === '/wards/holloway')
        expect(
          await page.getByRole('radio', { name: 'News for all of Islington, every ward in it' }).isChecked(),
        ).toBe(true);
      await axe(browser, page, js);

      // Corrected, it goes through: the hidden borough is the ward's.
      await page.getByLabel('Email address').fill(`mistake-${js}-${Date.now()}@example.net`);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      expect(new URL(page.url()).pathname).toBe('/newsletters/check-your-email');
    },
  );
});

describe('cross-site posts', () => {
  it('are still refused everywhere but the one-click endpoint', async () => {
    for (const path of [
      '/newsletters?_action=subscriptions.subscribe',
      '/_actions/subscriptions.subscribe',
      '/wards/highbury?_action=subscriptions.subscribe',
      '/api/email/webhook',
    ]) {
      for (const origin of ['https://evil.example', null]) {
        const res = await fetch(`${baseURL}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
          body: 'email=victim%40example.net&audience=all',
        });
        expect(res.status, `${path} from ${origin}`).toBe(403);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
  });
});

describe('the feeds', () => {
  it('are linked from the archive and publicly cacheable', async ({ openPage }) => {
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/newsletters`);
    for (const href of [
      '/api/newsletters/rss.xml',
      '/api/newsletters/atom.xml',
      '/api/newsletters/feed.json',
    ]) {
      expect(await page.locator(`link[rel="alternate"][href="${href}"]`).count()).toBe(1);
      expect(await page.locator(`main a[href="${href}"]`).count()).toBe(1);
      const res = await fetch(`${baseURL}${href}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('public');
    }
  });
});
