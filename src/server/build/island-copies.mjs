// Islands share source, not chunks. A module two islands import (the journey both residents' forms
// use, the form rules, the date rules) would become a chunk of its own, and every page with either
// island would load it as one more file: measured on /report, the split alone costs about 245 bytes
// gzip (two files compress worse than one) of a budget with 241 left. So in the browser build each
// island gets its own copy of the project's modules it imports: the import is resolved to the same
// file with `?island=<name>&.ts`, so Rollup sees a module per island and bundles it into that island's
// file. Node modules (Preact) stay shared, as before. One source in the repository, one file per
// page (decision 0135).
import path from 'node:path';

const ISLAND = /\.island\.tsx$/;

/** The island a module id belongs to: its own name, or the `island` query it was copied under. */
export function islandOf(id) {
  if (!id) return null;
  const query = /[?&]island=([\w.-]+)/.exec(id);
  if (query) return query[1];
  const file = id.split('?')[0];
  return ISLAND.test(file) ? path.basename(file, '.tsx') : null;
}

/** `srcDir`: only modules under it are copied (never node_modules, never another island). */
export function islandCopies(srcDir) {
  return {
    name: 'cn-island-copies',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (options?.ssr || this.environment?.config?.consumer === 'server') return null;
      const island = islandOf(importer);
      if (!island || source.includes('?')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const file = resolved.id.split('?')[0];
      if (!file.startsWith(srcDir) || ISLAND.test(file) || !/\.(ts|tsx)$/.test(file)) return resolved;
      // Ending with the file's own extension: the transform tells TypeScript from the id's end.
      return { ...resolved, id: `${file}?island=${island}&${path.extname(file)}` };
    },
  };
}
