/// <reference types="vitest/config" />
// Six test projects: `unit` (beside the code; `unit-mocks`, the few of them that mock a module),
// `dom` (islands, `*.test.tsx` beside them, in happy-dom), `integration` (real database: in-memory
// PGlite, or PostgreSQL with TEST_DATABASE_URL), `e2e` (Chromium against the built server) and
// `faults` (built servers and workers on PostgreSQL). `npm test` runs the first four;
// `npm run test:e2e` and `npm run test:faults` the others, after `npm run build`.
// getViteConfig lets tests import modules that use astro:env and other virtual modules.
import { getViteConfig } from 'astro/config';
import { configDefaults } from 'vitest/config';

/** Unit tests that mock a module: kept isolated. */
const UNIT_MOCKS = ['src/server/astro/actions.test.ts'];

export default getViteConfig({
  test: {
    // Measured on a 2-core machine (npm test, 2026-12-06): forks with the default single worker
    // 193 s; forks with 2 workers 125 s; threads with 2 workers 96 s; 3 workers slower again.
    // Threads only where no WebAssembly runs (see the integration project). Later the same day,
    // with 2 workers, less work per file (decision 0153) took npm test from 163 s to 90 s at
    // load 4–5 (196 → 126 s of CPU), and from 244 s to 144 s at load 8; quiet, it was 119–122 s.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'db/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_MOCKS],
          pool: 'threads',
          // The files share each thread's loaded modules (as the integration project does): most of
          // this project's time went to importing them again for every file (33 → 15 s of CPU at
          // load 7, 2026-12-06). Safe while these files mock no module: any that does goes in
          // UNIT_MOCKS. Checked with the files in shuffled orders (--sequence.shuffle.files).
          isolate: false,
        },
      },
      // Files that replace a module (vi.mock) need their own import of everything that uses it.
      { extends: true, test: { name: 'unit-mocks', include: UNIT_MOCKS, pool: 'threads' } },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.tsx'],
          environment: 'happy-dom',
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Not threads: PGlite's WebAssembly in worker threads crashed V8 at teardown in CI
          // (2026-12-06, "Check failed: end > addr" in UnregisterWasmAllocation, exit 133).
          pool: 'forks',
          // The files share each fork's loaded modules instead of importing everything again per
          // file (integration 155 s → 80 s at load 4.5, 2026-12-06). Safe while these files mock no
          // module, stub no environment and fake no timers: each makes its own database.
          isolate: false,
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
          // One file at a time. Two at a time, each on a server of its own, was tried (2026-12-07):
          // load 12, and each file took nearly twice as long, for no gain (decision 0154).
          fileParallelism: false,
          // A poll returns as soon as it passes: the default second failed a step of the
          // applications' island on a loaded machine (2026-12-07); only a failing poll waits longer.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // Built servers and workers as processes on one PostgreSQL database (`npm run test:faults`,
        // after `npm run build`): graceful shutdown, two instances and two workers, a killed worker.
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          pool: 'forks',
          // Bounds for a loaded machine: alone, the whole project takes about two minutes.
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
