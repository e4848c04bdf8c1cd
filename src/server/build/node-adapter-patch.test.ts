// The build patches @astrojs/node's own code (node-adapter-patch.mjs). This test reads the installed
// adapter and fails, with its version, the file and the line, when an upgrade moves what the patch
// is anchored on — before a build, and before anyone wonders why the worker never started.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANCHORS,
  PATCHED_FILES,
  patchServerEntry,
  patchStandalone,
  SHARED_IMPORTS,
} from './node-adapter-patch.mjs';

const require = createRequire(import.meta.url);
const adapterDir = dirname(require.resolve('@astrojs/node/package.json'));
const { version } = JSON.parse(readFileSync(join(adapterDir, 'package.json'), 'utf8')) as { version: string };
const read = (file: string): string => readFileSync(join(adapterDir, file), 'utf8');

function missing(file: string, code: string, lines: string[]): string[] {
  return lines
    .filter((line) => !code.includes(line))
    .map(
      (line) =>
        `@astrojs/node ${version} no longer has this line in ${file}: ${line}\n` +
        'Update src/server/build/node-adapter-patch.mjs (see the decision record on patching the Node adapter).',
    );
}

describe('the patch of @astrojs/node', () => {
  it(`finds every line it is anchored on in ${PATCHED_FILES.standalone}`, () => {
    const code = read(PATCHED_FILES.standalone);
    const problems = missing(
      PATCHED_FILES.standalone,
      code,
      ANCHORS.map((anchor) => anchor.from),
    );
    expect(problems.join('\n\n')).toBe('');
    for (const { from } of ANCHORS) {
      // Each anchor must name one place: a second copy would be left unpatched.
      expect(code.split(from).length - 1, `${from} appears more than once`).toBe(1);
    }
  });

  it('finds what it imports from the adapter’s shared.js', () => {
    const shared = read('dist/shared.js');
    const problems = SHARED_IMPORTS.filter((name) => !new RegExp(`\\b${name}\\b`).test(shared)).map(
      (name) => `@astrojs/node ${version}: dist/shared.js no longer exports ${name}`,
    );
    expect(problems.join('\n')).toBe('');
  });

  it('patches the installed standalone.js: every hook is wired in, before Astro handles a request', () => {
    const out = patchStandalone(read(PATCHED_FILES.standalone));
    for (const { to } of ANCHORS) expect(out).toContain(to);
    expect(out.indexOf('cnServeCached(req, res)')).toBeLessThan(out.indexOf('staticHandler(req, res, () =>'));
  });

  it('names the missing line when the adapter changed', () => {
    expect(() => patchStandalone('export function standalone() {}')).toThrow(
      /@astrojs\/node changed; not found: const staticHandler/,
    );
  });

  it('makes the server entry start the runtime first', () => {
    const out = patchServerEntry(read(PATCHED_FILES.server));
    expect(out.startsWith('import { routeConsole }')).toBe(true);
    expect(out).toMatch(/import ".*src\/server\/runtime\/startup\.ts";/);
  });
});
