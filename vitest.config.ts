/// <reference types="vitest/config" />
// Four test projects: `unit` (beside the code), `dom` (islands, `*.test.tsx` beside them, in
// happy-dom), `integration` (real database: in-memory PGlite, or PostgreSQL with TEST_DATABASE_URL)
// and `e2e` (Chromium against the built server). `npm test` runs the first three;
// `npm run test:e2e` the last, after `npm run build`.
// getViteConfig lets tests import modules that use astro:env and other virtual modules.
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'db/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'dom', include: ['src/**/*.test.tsx'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/integration-global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
