// Shared browser helpers: Debian's Chromium through playwright-core, and an axe check that fails
// on any WCAG 2.2 A or AA violation.

import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CSP_DIRECTIVES } from '../../src/server/http/http-headers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.ts';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}

/** A context as a resident would have it; axe only works on pages from browser.newContext(). */
export function newContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; width?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1024, height: 800 },
  });
}

/** A context signed in to the back office with a staff session (the cookie the portal sets). */
export async function staffContext(
  browser: Browser,
  baseURL: string,
  session: string,
  options: { javaScriptEnabled?: boolean; width?: number } = {},
): Promise<BrowserContext> {
  const context = await newContext(browser, options);
  await context.addCookies([
    {
      name: 'cn_staff',
      value: session,
      domain: new URL(baseURL).hostname,
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  return context;
}

/** Chromium's default text size as a resident may set it (16 px is the browser's own default). */
export async function setDefaultTextSize(page: Page, px: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: px, fixed: Math.round(px * 0.8125) } });
}

/**
 * axe's rules for WCAG 2.2 A and AA and its best practices, run on the page. Legacy mode runs
 * `axe.run` in the page itself; the default mode runs it in parts and finishes in a second, blank
 * page into which axe's 650 KB are injected again, for the sake of cross-origin iframes, which no
 * page here has. Only violations are asked for (not the passes' details). Together these took the
 * check from 2.2–4.9 s to 1.4–2.1 s a page on this 2-core machine (2026-12-07), with the same rules.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe runs as a script in the page, which a context with JavaScript turned off cannot run:
 * check the same URL in a JavaScript-enabled context instead.
 */
export async function expectNoAxeViolationsAt(browser: Browser, url: string): Promise<void> {
  const page = await (await axeContext(browser)).newPage();
  try {
    await page.goto(url);
    await expectNoAxeViolations(page);
  } finally {
    await page.close();
  }
}

/**
 * One JavaScript-enabled context per browser for the two checks above and below, each in a page of
 * its own closed after it: a context for every check cost a few hundred milliseconds more each time.
 * Its pages are signed in as no one (no staff cookie is ever added to it).
 */
const axeContexts = new WeakMap<Browser, Promise<BrowserContext>>();
function axeContext(browser: Browser): Promise<BrowserContext> {
  let context = axeContexts.get(browser);
  if (!context) {
    context = newContext(browser);
    axeContexts.set(browser, context);
  }
  return context;
}

/**
 * axe on a page shown with JavaScript off, which cannot run it: the same HTML (as the page's session
 * made it) is served again at the same URL to a JavaScript-enabled page, and checked there.
 */
export async function expectNoAxeViolationsInCopy(browser: Browser, page: Page): Promise<void> {
  const html = await page.content();
  const url = page.url();
  const copy = await (await axeContext(browser)).newPage();
  try {
    await copy.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    await copy.goto(url);
    await expectNoAxeViolations(copy);
  } finally {
    await copy.close();
  }
}

/** The code an authenticator app shows for a base32 key, `offset` 30-second steps from now. */
export function totpCode(base32Key: string, offset = 0): string {
  const key = decodeBase32IgnorePadding(base32Key.replace(/\s/g, ''));
  return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + offset), 6);
}

/** ≤ 12 KB gzip of JavaScript on a page with an island (docs/architecture.md, "Islands"). */
export const ISLAND_PAGE_BUDGET = 12 * 1024;

/**
 * Counts the JavaScript a page ships, gzip-compressed as a production proxy would send it: every
 * script file it requests plus every inline script. Call before `goto`; await the result after.
 */
export function javaScriptBytes(page: Page): () => Promise<{ files: number; inline: number; total: number }> {
  const files: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') files.push(r.body().then((b) => gzipSync(b).length));
  });
  return async () => {
    const inlineScripts = await page.$$eval('script:not([src])', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    const inline = inlineScripts.reduce((n, text) => n + (text ? gzipSync(text).length : 0), 0);
    const fileBytes = (await Promise.all(files)).reduce((a, b) => a + b, 0);
    return { files: fileBytes, inline, total: fileBytes + inline };
  };
}

/** Every directive of our Content-Security-Policy is in the header (Astro's or the middleware's). */
export function expectFullPolicy(header: string | null, where: string): void {
  expect(header, `${where}: Content-Security-Policy`).not.toBeNull();
  const sent = (header ?? '').split(';').map((d) => d.trim().replace(/\s+/g, ' '));
  for (const directive of [...CSP_DIRECTIVES, "script-src 'self'", "style-src 'self'"]) {
    expect(
      sent.some((d) => d === directive || d.startsWith(`${directive} 'sha`)),
      `${where}: ${directive} in ${header}`,
    ).toBe(true);
  }
  expect(header, where).not.toContain('unsafe');
}

/** Every Set-Cookie header the page receives from now on. */
export function recordSetCookies(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', async (response) => {
    for (const h of await response.headersArray())
      if (h.name.toLowerCase() === 'set-cookie') seen.push(h.value);
  });
  return seen;
}

/** Console errors and CSP violations, collected from before the page's first script. */
export async function watchForProblems(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => [
    ...problems,
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ];
}
