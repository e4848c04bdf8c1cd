import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onDisk } from './static-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cn-client-'));
mkdirSync(path.join(dir, '_astro'));
writeFileSync(path.join(dir, '_astro', 'island.abc.js'), '');
writeFileSync(path.join(dir, 'robots.txt'), '');
writeFileSync(path.join(dir, 'a file.txt'), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onDisk: which requests the adapter may answer from the client folder', () => {
  const named = onDisk(dir);

  it('names its files and folders, with or without a query, a trailing slash or an escape', () => {
    for (const url of [
      '/',
      '/robots.txt',
      '/robots.txt?v=1',
      '/_astro',
      '/_astro/',
      '/_astro/island.abc.js',
      '/a%20file.txt',
    ]) {
      expect(named(url), url).toBe(true);
    }
  });

  it('sends every other path straight to Astro, dot segments resolved first', () => {
    for (const url of [
      '/wards/holloway/vote?_action=votes.cast',
      '/report/what',
      '/_astro/other.js',
      '/x/../nothing',
    ]) {
      expect(named(url), url).toBe(false);
    }
    expect(named('/x/../robots.txt')).toBe(true);
  });

  it('leaves a path that does not decode, or no path, to the adapter as before', () => {
    expect(named('/%E0%A4%A')).toBe(true);
    expect(named(undefined)).toBe(true);
  });
});
