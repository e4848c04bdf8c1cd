// Screenshots of pages as a resident (or a signed-in demo administrator) sees them, at 320 px and
// at desktop width, in Debian's Chromium. For looking at what a change did, not a test.
//
//   node --experimental-strip-types tests/visual/screenshot.ts http://localhost:4321 / /wards/holloway
//   … --out /tmp/shots --staff /staff/users /staff/audit   (signs in as the demo administrator first:
//   run `npm run staff:demo` against the embedded database before starting the server)
//   … --no-js                                              (JavaScript turned off)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: '/tmp/shots' },
    staff: { type: 'boolean', default: false },
    'no-js': { type: 'boolean', default: false },
  },
});
const [base, ...paths] = positionals;
if (!base || paths.length === 0) {
  console.error('usage: screenshot.ts <base-url> <path>… [--out dir] [--staff] [--no-js]');
  process.exit(2);
}
mkdirSync(values.out, { recursive: true });

const DEMO = {
  email: 'demo-admin@example.org',
  password: 'demo only: never use this password',
  key: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
};

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('Email address').fill(DEMO.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await Promise.all([page.waitForURL(/two-factor/), page.getByRole('button', { name: 'Continue' }).click()]);
  const step = BigInt(Math.floor(Date.now() / 30_000));
  await page.getByLabel('6-digit code').fill(generateHOTP(decodeBase32IgnorePadding(DEMO.key), step, 6));
  await Promise.all([page.waitForURL(/\/staff$/), page.getByRole('button', { name: 'Sign in' }).click()]);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
try {
  // One context for both widths: a demo sign-in uses up the authenticator's current code.
  const context = await browser.newContext({
    viewport: { width: 320, height: 900 },
    javaScriptEnabled: !values['no-js'],
  });
  const page = await context.newPage();
  if (values.staff) await signIn(page);
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of paths) {
      await page.goto(new URL(p, base).toString());
      const name = `${p.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '_') || 'home'}-${width}.png`;
      const file = path.join(values.out, name);
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      console.log(`${file}${overflow > 0 ? `  (overflows sideways by ${overflow}px)` : ''}`);
    }
  }
  await context.close();
} finally {
  await browser.close();
}
