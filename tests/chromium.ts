// Debian's Chromium, as every browser-driving script here launches it: headless, and none of
// Chromium's own traffic (this machine's network refuses it, and it would be noise in a measurement).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;
