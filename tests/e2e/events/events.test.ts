// Meetings and events in the built portal, JavaScript off, axe on every page: a ward officer adds a
// Ward Panel meeting with the keyboard alone (an error first: the summary, the inline error, what was
// typed kept), and it is on the ward's page and in its calendar feed at once — not a copy the page
// cache kept; /events lists upcoming events (cancelled and moved marked), the archive pages past
// ones; the calendar links; another ward's officer is refused.
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { formatEventTimes } from '../../../src/features/events/events.ts';
import { instantToLondonLocal, londonLocalToInstant } from '../../../src/lib/format.ts';
import { expectNoAxeViolationsInCopy } from '../browser.ts';
import { it } from '../browser-test.ts';
import { tabTo } from '../keyboard.ts';
import { postStaffAction } from '../staff-actions.ts';

/** Presses Tab until the element with this id has the focus (as a keyboard user would). */
/** Types a London date and time ("2027-01-13T18:30") into the focused datetime-local input. */
async function typeDateTime(page: Page, local: string): Promise<void> {
  const [date = '', time = ''] = local.split('T');
  const [y = '', m = '', d = ''] = date.split('-');
  const [h = 0, min = ''] = [Number(time.slice(0, 2)), time.slice(3, 5)];
  // Chromium's en-US segments: month, day, year; Tab to the time: hour (12-hour), minutes, AM or PM.
  await page.keyboard.type(`${m}${d}${y}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type(`${String(h % 12 || 12).padStart(2, '0')}${min}${h < 12 ? 'A' : 'P'}`);
}

/** `hhmm` London time on the day `days` from now, as a datetime-local input holds it. */
function aheadAt(days: number, hhmm: string): string {
  return `${instantToLondonLocal(new Date(Date.now() + days * 86_400_000)).slice(0, 10)}T${hhmm}`;
}

describe('staff publish a meeting, JavaScript off and keyboard only', () => {
  it('adds a meeting that is on the ward page and in its calendar feed at once', async ({
    openPage,
    browser,
    baseURL,
    fx,
  }) => {
    const ward = await openPage({ javaScriptEnabled: false });
    ward.context().setDefaultTimeout(15_000);
    await ward.goto(`${baseURL}/wards/bloomsbury`); // the page cache keeps this copy
    // Digits only: a base-36 suffix reads as words run together to the page-text check.
    const title = `Bloomsbury Ward Panel meeting ${Date.now()}`;
    expect(await ward.getByText(title).count()).toBe(0);

    const page = await openPage({ javaScriptEnabled: false, session: fx.staff.ward_officer.session });
    page.context().setDefaultTimeout(15_000);
    await page.goto(`${baseURL}/staff`);
    // From the staff navigation to the form, by keyboard.
    await page.getByRole('link', { name: 'Meetings and events' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/staff/events');
    await expectNoAxeViolationsInCopy(browser, page);
    await page.getByRole('link', { name: 'Add a meeting or event' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/staff/events/new');
    await expectNoAxeViolationsInCopy(browser, page);
    // A ward officer is offered their ward only: no borough-wide option.
    expect(await page.locator('#place option').allInnerTexts()).toEqual([
      'Choose a ward or borough',
      'Bloomsbury',
    ]);

    const starts = aheadAt(35, '18:30');
    const ends = aheadAt(35, '20:00');
    await tabTo(page, 'place');
    await page.keyboard.press('ArrowDown'); // Bloomsbury
    await tabTo(page, 'kind');
    await page.keyboard.press('Space'); // Ward Panel meeting
    await tabTo(page, 'title');
    await page.keyboard.type(title);
    await tabTo(page, 'description');
    await page.keyboard.type('The panel meets the ward’s Safer Neighbourhood team.');
    await tabTo(page, 'startsAt');
    await typeDateTime(page, starts);
    await tabTo(page, 'endsAt');
    await typeDateTime(page, ends);
    await tabTo(page, 'venueName');
    await page.keyboard.type('Holborn Library');
    // No address: the summary, the inline error, and what was typed kept.
    await tabTo(page, 'onlineUrl');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the venue’s address');
    expect(await page.locator('#venueAddress-error').count()).toBe(1);
    expect(await page.locator('#accessInfo-error').count()).toBe(1);
    expect(await page.locator('#title').inputValue()).toBe(title);
    expect(await page.locator('#startsAt').inputValue()).toBe(starts);
    expect(await page.locator('#place').inputValue()).toBe('ward:bloomsbury');
    await expectNoAxeViolationsInCopy(browser, page);
    // The error summary's link takes the focus to the field.
    await page.locator('.govuk-error-summary a', { hasText: 'Enter the venue’s address' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('venueAddress');
    await page.keyboard.type('32–38 Theobalds Road, London WC1X 8PA');
    await tabTo(page, 'accessInfo');
    await page.keyboard.type('Level entrance; lift to the first floor; hearing loop.');
    await tabTo(page, 'onlineUrl');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/events\/\d+$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Meeting added');
    const when = formatEventTimes(londonLocalToInstant(starts) as Date, londonLocalToInstant(ends) as Date);
    expect(await page.locator('.govuk-summary-list').innerText()).toContain(when);
    await expectNoAxeViolationsInCopy(browser, page);

    // On the ward's page at once, with its London time and "Add to calendar".
    await ward.reload();
    const item = ward.locator('.cn-event-list__item', { hasText: title });
    expect(await item.innerText()).toContain(when);
    expect(await item.innerText()).toContain('Holborn Library, 32–38 Theobalds Road, London WC1X 8PA');
    expect(await ward.locator('script').count()).toBe(0);
    await expectNoAxeViolationsInCopy(browser, ward);
    const subscribe = ward.getByRole('link', { name: /^Subscribe to this ward’s calendar/ });
    expect(await subscribe.getAttribute('href')).toMatch(
      /^webcal:\/\/.+\/api\/wards\/bloomsbury\/events\.ics$/,
    );

    // And in the ward's calendar feed, at 18:30 London time.
    const feed = await fetch(`${baseURL}/api/wards/bloomsbury/events.ics`);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toMatch(/^public/);
    const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
    const event = ics.split('BEGIN:VEVENT').find((v) => v.includes(`SUMMARY:${title}`));
    expect(event).toContain(`DTSTART;TZID=Europe/London:${starts.replace(/[-:]/g, '')}00`);
    expect(event).toContain('LOCATION:Holborn Library\\, 32–38 Theobalds Road\\, London WC1X 8PA');

    // Its own calendar file, from the ward page's link.
    const add = await item.getByRole('link', { name: /^Add to calendar/ }).getAttribute('href');
    const single = await fetch(`${baseURL}${add}`);
    expect(await single.text()).toContain('METHOD:PUBLISH');

    // Edit: nothing changed, nothing saved.
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: /^Edit the details/ }).click(),
    ]);
    await expectNoAxeViolationsInCopy(browser, page);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Nothing had changed');
    // Move it a week later: a note is required; the ward page marks it moved at once.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /^Move it/ }).click()]);
    await expectNoAxeViolationsInCopy(browser, page);
    const [later, laterEnd] = [aheadAt(42, '18:30'), aheadAt(42, '20:00')];
    await page.fill('#startsAt', later);
    await page.fill('#endsAt', laterEnd);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Move it' }).click()]);
    expect(await page.locator('#note-error').innerText()).toContain('Enter a note saying why it has moved');
    expect(await page.locator('#startsAt').inputValue()).toBe(later);
    await expectNoAxeViolationsInCopy(browser, page);
    await page.fill('#note', 'The library is closed that evening.');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Move it' }).click()]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Meeting moved');
    await ward.reload();
    const movedItem = ward.locator('.cn-event-list__item', { hasText: title });
    expect(await movedItem.innerText()).toContain('Moved: The library is closed that evening.');
    // Cancel it, from its confirmation page: marked on the ward page, and cancelled in the feed.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /^Cancel it/ }).click()]);
    await expectNoAxeViolationsInCopy(browser, page);
    await page.fill('#note', 'Too few panel members could come.');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Cancel the event' }).click(),
    ]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Meeting cancelled');
    await expectNoAxeViolationsInCopy(browser, page);
    await ward.reload();
    expect(await ward.locator('.cn-event-list__item', { hasText: title }).innerText()).toContain(
      'Cancelled: Too few panel members could come.',
    );
    await expectNoAxeViolationsInCopy(browser, ward);
    const after = (await (await fetch(`${baseURL}/api/wards/bloomsbury/events.ics`)).text()).replace(
      /\r\n[ \t]/g,
      '',
    );
    const cancelled = after.split('BEGIN:VEVENT').find((v) => v.includes(title));
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('SEQUENCE:2');
  }, 240_000);

  it('refuses another ward’s officer', async ({ openPage, baseURL, fx }) => {
    const page = await openPage({ javaScriptEnabled: false, session: fx.otherWardOfficer.session });
    expect((await page.goto(`${baseURL}/staff/events/${fx.eventId}`))?.status()).toBe(404);
    expect((await page.goto(`${baseURL}/staff/events/${fx.eventId}/move`))?.status()).toBe(404);
    await page.goto(`${baseURL}/staff/events/new`);
    expect(await page.locator('#place option').allInnerTexts()).toEqual([
      'Choose a ward or borough',
      'Holloway',
    ]);
    const moved = await postStaffAction(fx.otherWardOfficer.session, 'events.move', {
      id: String(fx.eventId),
      startsAt: '2037-02-03T18:30',
      endsAt: '2037-02-03T20:00',
      note: 'Not my ward',
    });
    expect(moved.status).toBe(404);
    expect(await moved.text()).toContain('That event does not exist');
  });
});

describe('residents, JavaScript off', () => {
  it('see upcoming events first, cancelled and moved marked, and past ones in the archive', async ({
    openPage,
    browser,
    baseURL,
  }) => {
    const page = await openPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/events`);
    expect(await page.locator('h1').innerText()).toBe('Meetings and events');
    const items = page.locator('.cn-event-list__item');
    expect(await items.count()).toBeGreaterThan(10);
    // Soonest first, every one in the future (the seed's, relative to today).
    const starts = await page
      .locator('.cn-event-list__item time')
      .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(await page.locator('.cn-event-list__item', { hasText: 'Cancelled: ' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.govuk-tag', { hasText: 'Moved' }).count()).toBeGreaterThan(0);
    // A date with its day and the London time, as people say it.
    expect(await items.first().locator('time').innerText()).toMatch(
      /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}, \d{1,2}(:\d{2})?(am|pm) to /,
    );
    expect(await page.locator('script').count()).toBe(0);
    expect(
      await page.getByRole('link', { name: 'Subscribe to the calendar of every event' }).getAttribute('href'),
    ).toMatch(/^webcal:\/\//);
    await expectNoAxeViolationsInCopy(browser, page);

    // One event's page: a cancelled one says so first.
    const cancelled = page.locator('.cn-event-list__item', { hasText: 'Cancelled: ' }).first();
    await Promise.all([page.waitForEvent('load'), cancelled.getByRole('link').first().click()]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('is cancelled');
    expect(await page.title()).toMatch(/^Cancelled: /);
    await expectNoAxeViolationsInCopy(browser, page);

    await page.goto(`${baseURL}/events`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: 'Past meetings and events' }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/events/past');
    const past = await page
      .locator('.cn-event-list__item time')
      .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));
    expect(past.length).toBeGreaterThan(0);
    expect(past.every((t) => t < Date.now())).toBe(true);
    expect(past).toEqual([...past].sort((a, b) => b - a));
    expect(await page.locator('script').count()).toBe(0);
    await expectNoAxeViolationsInCopy(browser, page);

    // A page number that is not one: the error summary, and a 400.
    const bad = await page.goto(`${baseURL}/events/past?page=abc`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await expectNoAxeViolationsInCopy(browser, page);
  });
});
