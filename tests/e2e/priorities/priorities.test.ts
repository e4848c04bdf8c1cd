// Ward priorities in the built portal: the ward page (axe, no script), the open data endpoints over
// HTTP, and a ward officer adding a priority and posting an update with JavaScript off and the
// keyboard alone, which residents then see at once — not a copy the page cache kept.
import { describe, expect, inject } from 'vitest';
import { CONFIRMED } from '../../../src/lib/confirmation.ts';
import { formatDate } from '../../../src/lib/format.ts';
import { PUBLIC_CACHE } from '../../../src/server/http/http-headers.ts';
import { expectNoAxeViolations, expectNoAxeViolationsInCopy } from '../browser.ts';
import { it } from '../browser-test.ts';
import { pressAndWait, tabTo } from '../keyboard.ts';
import { postStaffAction } from '../staff-actions.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

/** Presses Tab until the focused element's text (hidden text included) or id is `target`; fails after 80 presses. */
describe('a ward page', () => {
  it('shows its current priorities high on the page, their updates and past priorities, with no script', async ({
    page,
  }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${baseURL}/wards/bunhill`);
    const h2s = await page.locator('main h2').allInnerTexts();
    expect(h2s[0]).toBe('Current priorities');
    const current = page.locator('section[aria-labelledby="current-priorities"] > article');
    expect(await current.count()).toBe(3);
    expect(await current.first().locator('.cn-timeline li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('heading', { level: 2, name: 'Past priorities' }).count()).toBe(1);
    expect(await page.getByText('Nitrous oxide around Cowper Street').count()).toBe(1);
    expect(
      await page.getByRole('link', { name: /^JSON file of Bunhill.s priorities/ }).getAttribute('href'),
    ).toBe('/api/wards/bunhill/priorities.json');
    expect(await page.getByRole('link', { name: 'Open Government Licence v3.0' }).count()).toBe(1);
    expect(await page.locator('script').count()).toBe(0);
    expect(scripts).toEqual([]);
    await expectNoAxeViolations(page);
  });
});

describe('open data', () => {
  it.each([
    ['json', 'application/json; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8'],
  ])('serves %s, cacheable and licensed', async (format, type) => {
    const url = `${baseURL}/api/wards/kilburn/priorities.${format}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe(type);
    expect(first.headers.get('cache-control')).toBe(PUBLIC_CACHE);
    expect(first.headers.get('link')).toContain('rel="license"');
    const bytes = Buffer.from(await first.arrayBuffer());
    const body = bytes.toString('utf8');
    if (format === 'json') {
      const data = JSON.parse(body);
      expect(data.licence.name).toBe('Open Government Licence v3.0');
      expect(data.ward.slug).toBe('kilburn');
      expect(data.current).toHaveLength(3);
    } else {
      // A byte-order mark first, so spreadsheets read it as UTF-8.
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(body.startsWith('\ufeffWard,Borough,Priority id,Status,Priority')).toBe(true);
    }
    const again = await fetch(url);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    ['json', 'application/json; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8'],
  ])(
    'serves the results of a ward’s priority votes as %s, linked from its page, cacheable',
    async (format, type) => {
      const page = await (await fetch(`${baseURL}/wards/bunhill`)).text();
      expect(page).toContain(`href="/api/wards/bunhill/votes.${format}"`);
      const url = `${baseURL}/api/wards/bunhill/votes.${format}`;
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe(type);
      expect(first.headers.get('cache-control')).toBe(PUBLIC_CACHE);
      expect(first.headers.get('link')).toContain('rel="license"');
      const body = await first.text();
      if (format === 'json') {
        const data = JSON.parse(body);
        expect(data.licence.name).toBe('Open Government Licence v3.0');
        const [round] = data.rounds;
        expect(round.turnout).toBeGreaterThan(0);
        expect(round.decided).not.toBeNull();
        expect(round.options.some((o: { chosen: boolean }) => o.chosen)).toBe(true);
        const votes = round.options.reduce((sum: number, o: { votes: number }) => sum + o.votes, 0);
        expect(votes).toBeGreaterThanOrEqual(round.turnout);
        expect(body).not.toMatch(/@|address|district/i);
      } else {
        // (text() drops the byte-order mark the CSV starts with)
        expect(body.startsWith('Ward,Borough,Vote id,Opened,Closed,Voters,Option')).toBe(true);
      }
      expect((await fetch(url)).headers.get('x-cache')).toBe('hit');
    },
  );

  it('answers 404 for a ward that does not exist', async () => {
    const res = await fetch(`${baseURL}/api/wards/atlantis/priorities.csv`);
    expect(res.status).toBe(404);
  });

  it('escapes formulas a member of staff typed, and shows the change at once', async () => {
    const url = `${baseURL}/api/wards/canonbury/priorities.csv`;
    await fetch(url); // cached now
    const res = await postStaffAction(fx.staff.liaison_officer.session, 'priorities.create', {
      ward: 'canonbury',
      title: '=HYPERLINK("http://example.org")',
      reason: '+1 for this',
      setOn: '2024-11-04',
    });
    expect(res.status).toBe(200);
    const csv = await (await fetch(url)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://example.org"")",'+1 for this,2024-11-04`);
  });
});

describe('a ward officer keeps their ward’s priorities, JavaScript off, keyboard only', () => {
  const asOfficer = { javaScriptEnabled: false, session: fx.otherWardOfficer.session };

  it('adds a priority and posts an update, and residents see both at once', async ({ openPage, browser }) => {
    const ward = await openPage({ javaScriptEnabled: false });
    await ward.goto(`${baseURL}/wards/holloway`); // the page cache keeps this copy
    expect(await ward.getByText('Phone snatches on Holloway Road').count()).toBe(0);

    const page = await openPage(asOfficer);
    await page.goto(`${baseURL}/staff`);
    await tabTo(page, 'Ward priorities');
    await pressAndWait(page);
    expect(new URL(page.url()).pathname).toBe('/staff/priorities');
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'Holloway');
    await pressAndWait(page);
    await tabTo(page, 'Add a priority');
    await pressAndWait(page);
    expect(new URL(page.url()).pathname).toBe('/staff/priorities/holloway/new');

    // Sent without a title: the error summary, the inline error, and what was typed kept.
    await tabTo(page, 'reason');
    await page.keyboard.type('Traders and residents reported phones snatched by riders on mopeds.');
    await tabTo(page, 'Add priority');
    await pressAndWait(page);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the priority');
    expect(await page.locator('#title-error').innerText()).toContain('Enter the priority');
    expect(await page.locator('#reason').inputValue()).toBe(
      'Traders and residents reported phones snatched by riders on mopeds.',
    );
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'Enter the priority'); // the summary's link to the field
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('title');
    await page.keyboard.type('Phone snatches on Holloway Road');
    await tabTo(page, 'Add priority');
    await pressAndWait(page);
    expect(new URL(page.url()).pathname).toBe('/staff/priorities/holloway');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Priority added');
    await expectNoAxeViolationsInCopy(browser, page);

    await tabTo(page, /^Post a progress update on “Phone snatches on Holloway Road”$/);
    await pressAndWait(page);
    await tabTo(page, 'body');
    await page.keyboard.type('Plain-clothes patrols on **Friday nights**.');
    await tabTo(page, 'Preview');
    await pressAndWait(page);
    expect(await page.locator('.cn-preview__body strong').innerText()).toBe('Friday nights');
    expect(await page.locator('#body').inputValue()).toBe('Plain-clothes patrols on **Friday nights**.');
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'Post update');
    await pressAndWait(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Progress update posted');

    await ward.reload();
    const added = ward.locator('article', {
      has: ward.getByRole('heading', { name: 'Phone snatches on Holloway Road' }),
    });
    expect(await added.count()).toBe(1);
    expect(await added.locator('.cn-timeline strong').innerText()).toBe('Friday nights');
  }, 180_000);

  it('corrects an update, then removes it, and residents see each change at once', async ({
    openPage,
    browser,
  }) => {
    const {
      current: [priority],
    } = await (await fetch(`${baseURL}/api/wards/holloway/priorities.json`)).json();
    const posted = await postStaffAction(fx.otherWardOfficer.session, 'priorities.postUpdate', {
      id: String(priority.id),
      updateDate: priority.setOn,
      body: 'Two arests near the **station**.',
    });
    expect(posted.status).toBe(200);
    const ward = await openPage({ javaScriptEnabled: false });
    await ward.goto(`${baseURL}/wards/holloway`); // the page cache keeps this copy
    const item = ward.locator('.cn-timeline__item', { hasText: /Two arr?ests near the station/ });
    expect(await item.count()).toBe(1);

    const page = await openPage(asOfficer);
    await page.goto(`${baseURL}/staff/priorities/holloway`);
    const link = `Correct or remove the update of ${formatDate(priority.setOn)} on “${priority.title}”`;
    await tabTo(page, link);
    await pressAndWait(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/priorities\/holloway\/\d+\/updates\/\d+$/);
    expect(await page.locator('#body').inputValue()).toBe('Two arests near the **station**.');
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'body');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Two arrests near the **station**.');
    await tabTo(page, 'Save correction');
    await pressAndWait(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Correction saved');

    await ward.reload();
    expect(await item.innerText()).toMatch(/corrected on \d{1,2} \w+ \d{4}\s+Two arrests near the station\./);

    await tabTo(page, link);
    await pressAndWait(page);
    await tabTo(page, 'Remove this update');
    await pressAndWait(page);
    expect(await page.locator('main').innerText()).toContain('Two arrests near the station.');
    await expectNoAxeViolationsInCopy(browser, page);
    await tabTo(page, 'Remove update');
    await pressAndWait(page);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Progress update removed');
    await ward.reload();
    expect(await item.count()).toBe(0);
  }, 120_000);

  it('cannot open or change another ward’s priority', async ({ openPage }) => {
    const page = await openPage(asOfficer);
    const res = await page.goto(`${baseURL}/staff/priorities/bloomsbury/${fx.priorityId}/update`);
    expect(res?.status()).toBe(404);
    expect((await page.goto(`${baseURL}/staff/priorities/bloomsbury`))?.status()).toBe(404);
    expect(
      (
        await page.goto(
          `${baseURL}/staff/priorities/bloomsbury/${fx.priorityId}/updates/${fx.priorityUpdateId}`,
        )
      )?.status(),
    ).toBe(404);
    // Nor through the action, with a ward of their own in the URL of the form's page.
    const post = await postStaffAction(fx.otherWardOfficer.session, 'priorities.postUpdate', {
      id: String(fx.priorityId),
      updateDate: '2024-12-01',
      body: 'Not my ward',
    });
    expect(post.status).toBe(404);
    expect(await post.text()).toContain('That priority does not exist');
    for (const [action, fields] of [
      ['priorities.correctUpdate', { updateDate: '2024-12-01', body: 'Not my ward' }],
      ['priorities.removeUpdate', { confirm: CONFIRMED }],
    ] as const) {
      const res = await postStaffAction(fx.otherWardOfficer.session, action, {
        id: String(fx.priorityId),
        updateId: String(fx.priorityUpdateId),
        ...fields,
      });
      expect(res.status, action).toBe(404);
    }
    const create = await postStaffAction(fx.otherWardOfficer.session, 'priorities.create', {
      ward: 'bloomsbury',
      title: 'Not my ward',
      reason: 'x',
      setOn: '2024-12-01',
    });
    expect(create.status).toBe(404);
  });
});
