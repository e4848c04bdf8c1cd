// A Vite plugin: each island that imports one of these modules gets its own copy of it, in its own
// chunk, instead of a chunk shared between the islands. A shared chunk is one more file a page fetches
// and one more gzip stream it pays for (the /report page went from 12,037 to 12,417 bytes of its
// 12,288-byte budget with src/lib/page-journey.ts as a chunk of its own). In the browser build only:
// each import of a listed module is resolved to the module with a query naming its importer, which
// Rollup treats as a module of its own; the server build shares it as usual.
import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * @param {string} root the project's root
 * @param {string[]} files paths from the root
 */
export function inlineInEachIsland(root, files) {
  const targets = new Set(files.map((f) => path.resolve(root, f)));
  return {
    name: 'cn-inline-in-each-island',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || options?.ssr || this.environment?.config?.consumer === 'server') return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !targets.has(resolved.id)) return null;
      const from = createHash('sha256').update(importer).digest('hex').slice(0, 8);
      return `${resolved.id}?island=${from}`;
    },
  };
}
