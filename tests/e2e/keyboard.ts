// Moving through a page with the keyboard alone, for the browser journeys.
import type { Page } from 'playwright-core';

export interface Focused {
  id: string;
  /** Its text, hidden text included, spaces collapsed. */
  text: string;
  href: string;
}

/** What `tabTo` looks for: an id or the text (a string), the text (a RegExp), a CSS selector, or a test. */
export type TabTarget = string | RegExp | { selector: string } | ((f: Focused) => boolean);

export interface TabOptions {
  /** Presses before giving up. */
  max?: number;
  /** Shift+Tab: backwards through the page. */
  backwards?: boolean;
  /** Presses nothing if the target already has the focus (else the first press moves past it). */
  fromHere?: boolean;
}

/** Presses Tab until the focused element matches the target; fails after `max` presses. */
export async function tabTo(
  page: Page,
  target: TabTarget,
  { max = 80, backwards = false, fromHere = false }: TabOptions = {},
): Promise<void> {
  const selector = typeof target === 'object' && !(target instanceof RegExp) ? target.selector : '';
  const hit = async (): Promise<boolean> => {
    const focused = await page.evaluate((css) => {
      const e = document.activeElement;
      return {
        id: e?.id ?? '',
        text: e?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        href: e?.getAttribute('href') ?? '',
        matches: css !== '' && (e?.matches(css) ?? false),
      };
    }, selector);
    if (selector) return focused.matches;
    if (typeof target === 'function') return target(focused);
    if (typeof target === 'string') return focused.id === target || focused.text === target;
    return target instanceof RegExp && target.test(focused.text);
  };
  if (fromHere && (await hit())) return;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await hit()) return;
  }
  throw new Error(`Could not reach ${selector || String(target)} with the Tab key`);
}

/** Presses a key that navigates (Enter on a link or button) and waits for the next page. */
export async function pressAndWait(page: Page, key = 'Enter'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
}
