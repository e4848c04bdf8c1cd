import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineInEachIsland } from './island-inline.mjs';

const root = '/project';
const shared = path.resolve(root, 'src/lib/page-journey.ts');
const plugin = inlineInEachIsland(root, ['src/lib/page-journey.ts']);

function resolve(importer: string, consumer: 'client' | 'server', to = shared) {
  const context = {
    environment: { config: { consumer } },
    resolve: async () => ({ id: to }),
  };
  return plugin.resolveId.call(context as never, '../../lib/page-journey.ts', importer, {});
}

describe('inlineInEachIsland', () => {
  it('gives each island in the browser build a module of its own', async () => {
    const a = await resolve('/project/src/features/votes/VoteJourney.island.tsx', 'client');
    const b = await resolve('/project/src/features/concerns/ReportJourney.island.tsx', 'client');
    expect(a).toMatch(/page-journey\.ts\?island=[0-9a-f]{8}$/);
    expect(b).toMatch(/page-journey\.ts\?island=[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(await resolve('/project/src/features/votes/VoteJourney.island.tsx', 'client')).toBe(a);
  });

  it('leaves the server build and other modules alone', async () => {
    expect(await resolve('/project/src/features/votes/VoteJourney.island.tsx', 'server')).toBeNull();
    expect(await resolve('/project/src/x.tsx', 'client', '/project/src/lib/other.ts')).toBeNull();
  });
});
