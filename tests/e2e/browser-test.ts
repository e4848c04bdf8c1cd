// Vitest fixtures for the browser tests: Debian's Chromium for the file, and pages for a test, each in
// a context of its own (as browser.newContext() makes them, so axe runs in them) and closed after the
// test whether it passed or not. The server and its staff are the suite's (global-setup.ts,
// fixtures.ts): `baseURL` and `fx` are what it provides.
//
//   import { test } from '../browser-test.ts';
//   test('the home page', async ({ page, baseURL }) => { await page.goto(baseURL); … });
//   test('a staff page, no JavaScript', async ({ openPage, baseURL, fx }) => {
//     const page = await openPage({ javaScriptEnabled: false, session: fx.staff.admin.session });
//   });
import type { BrowserContext, Page } from 'playwright-core';
import { test as base, inject } from 'vitest';
import { launchBrowser, newContext, staffContext } from './browser.ts';

export interface PageOptions {
  javaScriptEnabled?: boolean;
  /** The viewport's width in CSS pixels (1024 unless given). */
  width?: number;
  /** A staff session token: the page is signed in as its member. */
  session?: string;
}

export const test = base
  .extend('baseURL', { scope: 'file' }, inject('baseURL'))
  .extend('fx', { scope: 'file' }, inject('fixtures'))
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads what a fixture needs from this pattern.
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  /** Opens a page in a new context; every context it opened is closed after the test. */
  .extend('openPage', ({ browser, baseURL }, { onCleanup }) => {
    const contexts: BrowserContext[] = [];
    onCleanup(async () => {
      await Promise.all(contexts.map((c) => c.close()));
    });
    return async (options: PageOptions = {}): Promise<Page> => {
      const context = options.session
        ? await staffContext(browser, baseURL, options.session, options)
        : await newContext(browser, options);
      contexts.push(context);
      return context.newPage();
    };
  })
  /** A page with JavaScript on, 1024 px wide, signed in as no one. */
  .extend('page', ({ openPage }) => openPage());
export const it = test;
