import { describe, expect, it } from 'vitest';
import { islandCopies, islandOf } from './island-copies.mjs';

describe('island copies', () => {
  it('names the island a module belongs to: its own file, or the copy it was made for', () => {
    expect(islandOf('/app/src/features/concerns/ReportJourney.island.tsx')).toBe('ReportJourney.island');
    expect(islandOf('/app/src/lib/dates.ts?island=ApplyJourney.island&.ts')).toBe('ApplyJourney.island');
    expect(islandOf('/app/src/lib/dates.ts')).toBeNull();
    expect(islandOf(undefined)).toBeNull();
  });

  const plugin = islandCopies('/app/src/');
  const resolve = (id: string, ssr = false) =>
    (plugin.resolveId as (...a: unknown[]) => Promise<{ id: string } | null>).call(
      { resolve: async () => ({ id }), environment: { config: { consumer: ssr ? 'server' : 'client' } } },
      './x.ts',
      '/app/src/features/panels/ApplyJourney.island.tsx',
      {},
    );

  it('copies a project module for each island in the browser build, ending with its extension', async () => {
    expect((await resolve('/app/src/lib/form-rules.ts'))?.id).toBe(
      '/app/src/lib/form-rules.ts?island=ApplyJourney.island&.ts',
    );
  });

  it('leaves node modules, other islands and the server build alone', async () => {
    expect((await resolve('/app/node_modules/preact/dist/preact.module.js'))?.id).toBe(
      '/app/node_modules/preact/dist/preact.module.js',
    );
    expect((await resolve('/app/src/features/x/Other.island.tsx'))?.id).toBe(
      '/app/src/features/x/Other.island.tsx',
    );
    expect(await resolve('/app/src/lib/form-rules.ts', true)).toBeNull();
  });
});
