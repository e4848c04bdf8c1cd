// A PostCSS step of the build (astro.config.mjs `vite.css.postcss`): drops the govuk-frontend and
// portal rules whose classes no template, component or script in src/ ever writes. govuk-frontend's
// components come with many variants the portal never uses; without them the one stylesheet every
// page blocks on is about a third smaller, so the first paint on a phone comes sooner.
//
// Conservative by design: a selector is dropped only when one of its `govuk-…`/`cn-…` classes appears
// nowhere in src/ (as a whole token). A class built from a template literal keeps every class that
// starts with its fixed part (`govuk-input--width-${w}` keeps `govuk-input--width-*`). A bare
// `govuk-${x}` cannot be resolved that way: it must be declared in `families` with the classes it
// makes, or the build fails and says where. Runs before hashing, so the file name follows the content.
// Plain JavaScript: astro.config.mjs imports it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(astro|tsx?|mjs|md)$/;
const CLASS_TOKEN = /(?<![\w-])(?:govuk|cn)-[A-Za-z0-9_-]*[A-Za-z0-9_]/g;
const INTERPOLATED = /(?<![\w-])((?:govuk|cn)-[A-Za-z0-9_-]*)\$\{/g;
const SELECTOR_CLASS = /\.((?:govuk|cn)-[A-Za-z0-9_-]+)(?![\\A-Za-z0-9_-])/g;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (file === import.meta.filename) continue; // its comments name the patterns it looks for
    if (entry.isDirectory()) yield* sourceFiles(file);
    else if (SOURCE.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield file;
  }
}

/**
 * The classes the sources can write: whole tokens, and the fixed parts of interpolated ones.
 * `families` maps a file (relative to `root`) to the class families its bare `govuk-${…}` makes.
 */
export function classesInSources(root, dirs, families = {}) {
  const tokens = new Set();
  const prefixes = new Set();
  for (const dir of dirs) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const [token] of text.matchAll(CLASS_TOKEN)) tokens.add(token);
      for (const [, fixed] of text.matchAll(INTERPOLATED)) {
        if (/^(govuk|cn)-$/.test(fixed)) {
          const declared = families[path.relative(root, file)];
          if (!declared) {
            throw new Error(
              `unused-css: ${path.relative(root, file)} builds a class from "${fixed}\${…}"; list the ` +
                'classes it can make under `families` in astro.config.mjs, or write them out in full.',
            );
          }
          for (const family of declared) prefixes.add(family);
        } else {
          prefixes.add(fixed);
        }
      }
    }
  }
  return { tokens, prefixes: [...prefixes] };
}

/** True when every govuk-/cn- class of the selector can appear in a page. */
export function selectorIsUsed(selector, { tokens, prefixes }) {
  for (const [, name] of selector.matchAll(SELECTOR_CLASS)) {
    if (!tokens.has(name) && !prefixes.some((p) => name.startsWith(p))) return false;
  }
  return true;
}

/** The PostCSS plugin: scans the sources each time it runs (so the dev server sees new classes). */
export function unusedCss({ root, dirs, families }) {
  return {
    postcssPlugin: 'cn-unused-css',
    OnceExit(css) {
      const used = classesInSources(root, dirs, families);
      css.walkRules((rule) => {
        if (rule.parent?.type === 'atrule' && /keyframes$/i.test(rule.parent.name)) return;
        const kept = rule.selectors.filter((s) => selectorIsUsed(s, used));
        if (kept.length === 0) rule.remove();
        else if (kept.length < rule.selectors.length) rule.selectors = kept;
      });
      css.walkAtRules((at) => {
        if (at.nodes && at.nodes.length === 0) at.remove();
      });
    },
  };
}
unusedCss.postcss = true;
