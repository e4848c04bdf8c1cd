// Moving through a page with the keyboard alone, for the browser journeys.
import type { Page } from 'playwright-core';

export interface Focused {
  id: string;
  /** Its text, hidden text included, spaces collapsed. */
  text: string;
  href: string;
}

/** Presses Tab until the focused element matches (its id or text, or the predicate); fails after `max` presses. */
export async function tabTo(
  page: Page,
  target: string | RegExp | ((f: Focused) => boolean),
  max = 80,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused: Focused = await page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      text: document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      href: document.activeElement?.getAttribute('href') ?? '',
    }));
    const hit =
      typeof target === 'function'
        ? target(focused)
        : typeof target === 'string'
          ? focused.id === target || focused.text === target
          : target.test(focused.text);
    if (hit) return;
  }
  throw new Error(`Could not reach ${String(target)} with the Tab key`);
}

/** Presses a key that navigates (Enter on a link or button) and waits for the next page. */
export async function pressAndWait(page: Page, key = 'Enter'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
}
