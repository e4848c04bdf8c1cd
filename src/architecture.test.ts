// Keeps the layers one way (docs/architecture.md, "Layers"): pages and actions → features → server/{node,http} and lib → db,
// and gives each folder of src/server its rule. Reads every
// source file, finds what each imports, and fails naming the file, the import and the rule broken.
// The rules are checked on made-up files too, so the scan is shown to fail when it should.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeViolations,
  findImportCycles,
  findPlainNodeViolations,
  findViolations,
  importsOf,
  readSources,
  type Violation,
} from '../tests/helpers/import-scan.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('layers', () => {
  it('every source file in src/ and db/ keeps the arrows one way', () => {
    const files = [...readSources(ROOT, 'src'), ...readSources(ROOT, 'db')];
    // The scan really read the tree: a broken walk would pass with nothing to check.
    expect(files.some((f) => f.path === 'src/server/astro/db.ts')).toBe(true);
    expect(files.some((f) => f.path.startsWith('src/features/') && f.path.endsWith('.server.ts'))).toBe(true);
    expect(files.some((f) => f.path.endsWith('.astro'))).toBe(true);
    const violations = findViolations(files);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('the worker, the CLIs, db/ and the e2e suite reach no astro:* through anything they import', () => {
    const files = [...readSources(ROOT, 'src'), ...readSources(ROOT, 'db'), ...readSources(ROOT, 'tests')];
    expect(files.some((f) => f.path === 'tests/e2e/fixtures.ts')).toBe(true);
    const violations = findPlainNodeViolations(files);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('no import cycle, type-only imports included', () => {
    const files = [...readSources(ROOT, 'src'), ...readSources(ROOT, 'db')];
    // Between files: a module never reaches itself through what it imports.
    expect(findImportCycles(files)).toEqual([]);
    // Between folders (features, server/node, server/astro…): the arrows between folders run one way too.
    // A test file is imported by nothing, so it cannot close a cycle between files, but it may
    // borrow another folder's fixture without tying the two folders together.
    const modules = files.filter((f) => !/\.test\.tsx?$/.test(f.path));
    expect(findImportCycles(modules, folderOf)).toEqual([]);
  });
});

const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));

describe('the scan', () => {
  const fake = (path: string, text: string): Violation[] => findViolations([{ path, text }]);

  it('finds static, side-effect, re-export, dynamic and type-position imports', () => {
    expect(
      importsOf(`import a from './a.ts';
import type { B } from "../b";
import {
  c,
} from './c.ts';
import './d.ts';
export { e } from './e.ts';
const f = await import('./f.ts');
type G = import('./g.ts').G;`),
    ).toEqual(['./a.ts', '../b', './c.ts', './e.ts', './d.ts', './f.ts', './g.ts']);
  });

  it('names the file and the import when src/lib imports a feature', () => {
    const violations = fake('src/lib/x.ts', "import { y } from '../features/auth/y.server.ts';");
    expect(violations).toHaveLength(1);
    expect(describeViolations(violations)).toBe(
      "src/lib/x.ts imports '../features/auth/y.server.ts': src/lib holds isomorphic helpers: nothing else from src/, no astro:*, no node:*",
    );
  });

  it('keeps src/lib isomorphic: no server code, no astro:*, no node:*', () => {
    expect(fake('src/lib/x.ts', "import { log } from '../server/node/logger.ts';")).toHaveLength(1);
    expect(fake('src/lib/x.ts', "import { isInputError } from 'astro:actions';")).toHaveLength(1);
    expect(fake('src/lib/x.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(fake('src/lib/x.ts', "import { y } from './y.ts';\nimport { z } from 'zod';")).toEqual([]);
  });

  it('gives each folder of src/server its rule', () => {
    // node/: plain Node, nothing of Astro, the HTTP layer or the features.
    expect(fake('src/server/node/x.ts', "import { X } from 'astro:env/server';")).toHaveLength(1);
    expect(fake('src/server/node/x.ts', "import { p } from '../http/page-cache.ts';")).toHaveLength(1);
    expect(fake('src/server/node/x.ts', "import { f } from '../../features/auth/a.server.ts';")).toHaveLength(
      1,
    );
    expect(
      fake(
        'src/server/node/x.ts',
        "import { l } from './logger.ts';\nimport { d } from '../../lib/dates.ts';",
      ),
    ).toEqual([]);
    // http/: before Astro; may use node/.
    expect(fake('src/server/http/x.ts', "import { X } from 'astro:env/server';")).toHaveLength(1);
    expect(fake('src/server/http/x.ts', "import { getDb } from '../astro/db.ts';")).toHaveLength(1);
    expect(
      fake('src/server/http/x.ts', "import { f } from '../../features/concerns/concerns.ts';"),
    ).toHaveLength(1);
    expect(fake('src/server/http/x.ts', "import { l } from '../node/logger.ts';")).toEqual([]);
    // astro/: may use astro:* and features, never pages, actions, components, the runtime or the build.
    expect(fake('src/server/astro/x.ts', "import { ActionError } from 'astro:actions';")).toEqual([]);
    expect(fake('src/server/astro/x.ts', "import { f } from '../../features/auth/a.server.ts';")).toEqual([]);
    expect(fake('src/server/astro/x.ts', "import { staff } from '../../actions/staff.ts';")).toHaveLength(1);
    expect(fake('src/server/astro/x.ts', "import { s } from '../runtime/server.ts';")).toHaveLength(1);
    // runtime/: started by the middleware and the worker only.
    expect(fake('src/middleware.ts', "import { s } from './server/runtime/server.ts';")).toEqual([]);
    expect(fake('src/worker.ts', "import { s } from './server/runtime/email-worker.ts';")).toEqual([]);
    expect(fake('src/pages/a.astro', "import { s } from '../server/runtime/server.ts';")).toHaveLength(1);
    // build/: only astro.config.mjs imports it, and it imports nothing from src/.
    expect(
      fake('src/server/astro/x.ts', "import { p } from '../build/node-adapter-patch.mjs';"),
    ).toHaveLength(1);
    expect(fake('src/server/build/x.mjs', "import { p } from '../http/page-cache.ts';")).toHaveLength(1);
    expect(fake('src/server/build/x.mjs', "import { p } from './y.mjs';")).toEqual([]);
  });

  it('refuses a feature importing astro:*, a page, an action, a component or the runtime', () => {
    const file = 'src/features/a/a.server.ts';
    expect(fake(file, "import { ActionError } from 'astro:actions';")).toHaveLength(1);
    expect(fake(file, "import { X } from 'astro:env/server';")).toHaveLength(1);
    expect(fake(file, "import { staff } from '../../actions/staff.ts';")).toHaveLength(1);
    expect(fake(file, "import P from '../../pages/index.astro';")).toHaveLength(1);
    expect(fake(file, "import C from '../../components/ErrorSummary.astro';")).toHaveLength(1);
    expect(fake(file, "import { s } from '../../server/runtime/server.ts';")).toHaveLength(1);
    expect(fake(file, "import { requireStaff } from '../../server/astro/staff-auth.ts';")).toHaveLength(1);
    expect(fake(file, "import { publicBaseUrl } from '../../server/astro/config.ts';")).toHaveLength(1);
    // Features may use lib, db, src/server/node and src/server/http, and one another.
    expect(
      fake(
        file,
        `import { hitRateLimit } from '../../server/node/rate-limit.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import type { Db } from '../../../db/client.ts';
import { staffInviteEmail } from '../email/messages/staff-invite.ts';
import { enqueueEmail } from '../email/outbox.server.ts';`,
      ),
    ).toEqual([]);
  });

  it('lets an island call actions and nothing else of astro:*', () => {
    const island = 'src/features/a/Form.island.tsx';
    expect(fake(island, "import { actions } from 'astro:actions';")).toEqual([]);
    expect(fake(island, "import { X } from 'astro:env/client';")).toHaveLength(1);
    expect(fake('src/features/a/Form.tsx', "import { actions } from 'astro:actions';")).toHaveLength(1);
  });

  it('refuses db/ importing src/ or astro:*', () => {
    expect(fake('db/seed.ts', "import { x } from '../src/features/a/a.ts';")).toHaveLength(1);
    expect(fake('db/schema/a.ts', "import { x } from 'astro:env/server';")).toHaveLength(1);
    expect(fake('db/seed.ts', "import { wards } from './schema/index.ts';")).toEqual([]);
  });

  it('refuses SQL in pages and actions', () => {
    expect(fake('src/pages/a.astro', "import { eq } from 'drizzle-orm';")).toHaveLength(1);
    expect(fake('src/actions/a.ts', "import { wards } from '../../db/schema/index.ts';")).toHaveLength(1);
  });

  it('refuses a .tsx island importing server code, wherever it sits', () => {
    const island = 'src/features/newsletters/Signup.island.tsx';
    expect(fake(island, "import { x } from './newsletters.server.ts';")).toHaveLength(1);
    expect(fake(island, "import { x } from './newsletters.server';")).toHaveLength(1);
    // (An island in a feature breaks the features' rule too.)
    expect(fake(island, "import { getDb } from '../../server/astro/db.ts';")).toHaveLength(2);
    expect(fake('src/components/Counter.tsx', "import { log } from '../server/node/logger';")).toHaveLength(
      1,
    );
    expect(fake(island, "import { SignupSchema } from './newsletters.schema.ts';")).toEqual([]);
  });

  it('finds an import cycle, through type-only imports, index files and .astro/.tsx extensions', () => {
    const files = [
      { path: 'src/lib/a.ts', text: "import { b } from './b';" },
      { path: 'src/lib/b/index.ts', text: "import type { C } from '../../components/C.astro';" },
      { path: 'src/components/C.astro', text: "---\nimport { d } from './D.tsx';\n---" },
      { path: 'src/components/D.tsx', text: "type A = import('../lib/a.ts').A;" },
      { path: 'src/lib/e.ts', text: "import { a } from './a.ts';" },
      { path: 'src/lib/self.ts', text: "export { self } from './self.ts';" },
    ];
    expect(findImportCycles(files)).toEqual([
      'src/components/C.astro → src/components/D.tsx → src/lib/a.ts → src/lib/b/index.ts → src/components/C.astro',
      'src/lib/self.ts → src/lib/self.ts',
    ]);
    // Without the type position import, no cycle; e.ts only imports into one.
    const d = { path: 'src/components/D.tsx', text: "import { x } from './x.ts';" };
    expect(findImportCycles([...files.slice(0, 3), d, ...files.slice(4, 5)])).toEqual([]);
  });

  it('finds a cycle between folders that no single file closes', () => {
    const files = [
      { path: 'src/features/a/one.ts', text: "import { t } from '../b/two.ts';" },
      { path: 'src/features/b/three.ts', text: "import type { F } from '../a/four.ts';" },
      { path: 'src/features/a/four.ts', text: '' },
      { path: 'src/features/b/two.ts', text: '' },
    ];
    expect(findImportCycles(files)).toEqual([]);
    expect(findImportCycles(files, folderOf)).toEqual(['src/features/a → src/features/b → src/features/a']);
  });

  it('follows a plain-Node entry through its imports to astro:*, ignoring type-only imports', () => {
    const files = [
      { path: 'src/cli/staff.ts', text: "import { a } from '../features/auth/a.server.ts';" },
      {
        path: 'src/features/auth/a.server.ts',
        text: "import type { T } from '../../server/astro/t.ts';\nimport { b } from '../../server/astro/config.ts';",
      },
      { path: 'src/server/astro/t.ts', text: "import { X } from 'astro:actions';" },
      { path: 'src/server/astro/config.ts', text: "import { Y } from 'astro:env/server';" },
    ];
    expect(describeViolations(findPlainNodeViolations(files))).toBe(
      "src/cli/staff.ts imports 'astro:env/server': runs under plain Node but reaches astro:* via " +
        'src/cli/staff.ts → src/features/auth/a.server.ts → src/server/astro/config.ts',
    );
  });
});
