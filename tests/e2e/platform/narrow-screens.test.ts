// Every back-office page on a 320 px phone: nothing may overflow sideways (a wide table scrolls in
// its own labelled region instead), and axe passes at that width too. Also the invite form's ward
// checkboxes, which only matter for ward officers, with JavaScript off.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject } from 'vitest';
import { expectNoAxeViolations } from '../browser.ts';
import { it } from '../browser-test.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

/** Every page under src/pages/staff, with an example URL for each dynamic route. */
const PAGES: Record<string, string> = {
  index: '/staff',
  'account/index': '/staff/account',
  'account/two-factor': '/staff/account/two-factor',
  'account/recovery-codes': '/staff/account/recovery-codes',
  'setup/recovery-codes': '/staff/setup/recovery-codes',
  'users/index': '/staff/users',
  'users/invite': '/staff/users/invite',
  'users/[id]': `/staff/users/${fx.targetStaffId}`,
  audit: '/staff/audit',
  'action-plan/index': '/staff/action-plan',
  'action-plan/[number]/index': '/staff/action-plan/1',
  'action-plan/[number]/new': '/staff/action-plan/1/new',
  'action-plan/[number]/[id]': `/staff/action-plan/1/${fx.draftUpdateId}`,
  'action-plan/[number]/[id]/unpublish': `/staff/action-plan/1/${fx.publishedUpdateId}/unpublish`,
  'mailbox/index': '/staff/mailbox',
  'mailbox/[id]': `/staff/mailbox/${fx.mailboxMessageId}`,
  'emails/index': '/staff/emails',
  'newsletters/index': '/staff/newsletters',
  'newsletters/new': '/staff/newsletters/new',
  'newsletters/[id]': `/staff/newsletters/${fx.draftNewsletterId}`,
  'newsletters/[id]/edit': `/staff/newsletters/${fx.draftNewsletterId}/edit`,
  'newsletters/[id]/unpublish': '/staff/newsletters/2/unpublish',
  'concerns/index': '/staff/concerns',
  'concerns/[id]': `/staff/concerns/${fx.concernId}`,
  'priorities/index': '/staff/priorities',
  'priorities/[ward]/index': '/staff/priorities/bloomsbury',
  'priorities/[ward]/new': '/staff/priorities/bloomsbury/new',
  'priorities/[ward]/[id]/index': `/staff/priorities/bloomsbury/${fx.priorityId}`,
  'priorities/[ward]/[id]/update': `/staff/priorities/bloomsbury/${fx.priorityId}/update`,
  'priorities/[ward]/[id]/retire': `/staff/priorities/bloomsbury/${fx.priorityId}/retire`,
  'priorities/[ward]/[id]/updates/[updateId]/index': `/staff/priorities/bloomsbury/${fx.priorityId}/updates/${fx.priorityUpdateId}`,
  'priorities/[ward]/[id]/updates/[updateId]/remove': `/staff/priorities/bloomsbury/${fx.priorityId}/updates/${fx.priorityUpdateId}/remove`,
  'votes/index': '/staff/votes',
  'priorities/[ward]/votes/new': '/staff/priorities/tufnell-park/votes/new',
  'priorities/[ward]/votes/[id]/index': `/staff/priorities/bloomsbury/votes/${fx.roundId}`,
  'priorities/[ward]/votes/[id]/edit': `/staff/priorities/bloomsbury/votes/${fx.roundId}/edit`,
  'priorities/[ward]/votes/[id]/close': `/staff/priorities/bloomsbury/votes/${fx.roundId}/close`,
  'events/index': '/staff/events',
  'events/new': '/staff/events/new',
  'events/[id]/index': `/staff/events/${fx.eventId}`,
  'events/[id]/edit': `/staff/events/${fx.eventId}/edit`,
  'events/[id]/move': `/staff/events/${fx.eventId}/move`,
  'events/[id]/cancel': `/staff/events/${fx.eventId}/cancel`,
  'panels/index': '/staff/panels',
  'panels/[panel]/index': '/staff/panels/bloomsbury',
  'panels/[panel]/members': '/staff/panels/bloomsbury/members',
  'panels/[panel]/applications/[id]': `/staff/panels/bloomsbury/applications/${fx.panelApplications.named}`,
  'panels/[panel]/members/[id]/remove': `/staff/panels/bloomsbury/members/${fx.panelMembers.shown}/remove`,
  'panels/[panel]/equality': '/staff/panels/bloomsbury/equality',
  'panels/boroughs/[borough]': '/staff/panels/boroughs/islington',
  forbidden: '/staff/forbidden',
  // Shown instead of a page of personal data to a prefetch (here) or a link from another site.
  'confirm-view': '/staff/users#prefetched',
  // The ways in, seen signed out.
  'login/index': '/staff/login',
  'login/two-factor': '/staff/login/two-factor',
  'login/recovery': '/staff/login/recovery',
  // Signed out it leads to the sign-in page; the reset journey checks it at 320 px signed in.
  'login/new-authenticator': '/staff/login/new-authenticator',
  'setup/index': '/staff/setup',
  'setup/[token]': '/staff/setup/not-a-real-token',
  'setup/two-factor': '/staff/setup/two-factor',
  'forgot-password/index': '/staff/forgot-password',
  'forgot-password/sent': '/staff/forgot-password/sent',
  'reset-password/index': '/staff/reset-password',
  'reset-password/[token]': '/staff/reset-password/not-a-real-token',
};
const SIGNED_OUT = new Set(
  Object.keys(PAGES).filter((p) => /^(login|setup\/(index|\[token\]|two-factor)|forgot|reset)/.test(p)),
);

/** An administrator's page at 320 px. */
const staff = { width: 320, session: fx.staff.admin.session };
const anonymous = { width: 320 };

describe('at 320 px', () => {
  it('the table lists every staff page', () => {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.astro'))
          found.push(path.relative('src/pages/staff', full).replace(/\.astro$/, ''));
      }
    };
    walk('src/pages/staff');
    expect(found.sort()).toEqual(Object.keys(PAGES).sort());
  });

  it.for(Object.entries(PAGES))(
    '%s does not overflow sideways and passes axe',
    async ([route, url], { openPage }) => {
      const page = await openPage(SIGNED_OUT.has(route) ? anonymous : staff);
      if (route === 'confirm-view') await page.setExtraHTTPHeaders({ purpose: 'prefetch' });
      await page.goto(baseURL + url);
      if (route === 'confirm-view') expect(await page.locator('h1').innerText()).toBe('Open this page?');
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(innerWidth).toBe(320);
      expect(scrollWidth, `${url} is ${scrollWidth - innerWidth}px too wide`).toBeLessThanOrEqual(innerWidth);
      await expectNoAxeViolations(page);
    },
  );
});

describe('the invite form without JavaScript', () => {
  it('shows the ward checkboxes only for a ward officer, and says so', async ({ openPage }) => {
    const page = await openPage({ ...staff, javaScriptEnabled: false });
    await page.goto(`${baseURL}/staff/users/invite`);
    const firstWard = page.locator('input[name="wards"]').first();
    // Nothing chosen yet: the wards are there, with a hint saying whom they are for.
    expect(await firstWard.isVisible()).toBe(true);
    expect(await page.locator('#wards-hint').innerText()).toContain('Only for ward officers');
    await page.getByLabel('Community liaison officer').check();
    expect(await firstWard.isVisible()).toBe(false);
    await page.getByLabel('Ward officer').check();
    expect(await firstWard.isVisible()).toBe(true);
    await page.getByLabel('Administrator').check();
    expect(await firstWard.isVisible()).toBe(false);
  });
});
