// The import scan behind src/architecture.test.ts: finds what each source file imports and which
// import breaks a layer rule (docs/architecture.md, "Layers": pages and actions → features → lib → db).
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

export interface SourceFile {
  /** Repository-relative, with forward slashes: `src/server/astro/db.ts`. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_PATTERNS = [
  // import x from '…'; import { a } from '…'; import type … from '…'; export … from '…'
  /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
  // import '…' (side effects)
  /\bimport\s*['"]([^'"]+)['"]/g,
  // import('…'), including type positions: import('./x.ts').Type
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a file names in an import or re-export. */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}

/** The repository-relative path a relative specifier points at; bare specifiers are returned as is. */
export function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

const under = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
const isServerModule = (target: string): boolean =>
  /\.server(\.[cm]?[jt]sx?)?$/.test(target) || under(target, 'src/server');

interface Rule {
  name: string;
  applies: (file: string) => boolean;
  forbids: (target: string, specifier: string, file: string) => boolean;
}

/** Where Astro request glue lives: it may import features; features may not import it. */
const GLUE = ['src/pages', 'src/actions', 'src/components', 'src/layouts', 'src/server/astro'];
/** Code that starts the process or the build: nothing imports it but its entry points. */
const ENTRY_ONLY = ['src/server/runtime', 'src/server/build'];
const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);
const fromSrcOnly = (target: string, allowed: string[]): boolean =>
  under(target, 'src') && !allowed.some((folder) => under(target, folder));

/**
 * The folder rules (docs/architecture.md, "Layers"). Each folder under src/server says what its code
 * may use: astro/ may use astro:*, node/ is plain Node, http/ is the HTTP layer before Astro,
 * runtime/ starts the process and its jobs, build/ runs in the build.
 */
export const RULES: Rule[] = [
  {
    name: 'features never import pages, actions, components, layouts, src/server/astro, runtime or build',
    applies: (file) => under(file, 'src/features'),
    forbids: (target) =>
      [...GLUE, ...ENTRY_ONLY].some((folder) => under(target, folder)) || target === 'src/middleware.ts',
  },
  {
    name: 'features never import astro:* (the worker, CLI and tests run them under plain Node); an island may call actions',
    applies: (file) => under(file, 'src/features'),
    // An island runs in the browser, built by Vite, and calls the action its no-JS form posts to.
    forbids: (_target, specifier, file) =>
      specifier.startsWith('astro:') && !(file.endsWith('.island.tsx') && specifier === 'astro:actions'),
  },
  {
    name: 'src/lib holds isomorphic helpers: nothing else from src/, no astro:*, no node:*',
    applies: (file) => under(file, 'src/lib'),
    forbids: (target, specifier) =>
      fromSrcOnly(target, ['src/lib']) || specifier.startsWith('astro:') || specifier.startsWith('node:'),
  },
  {
    name: 'src/server/node is plain Node: no astro:*, and from src/ only src/lib and src/server/node',
    applies: (file) => under(file, 'src/server/node'),
    forbids: (target, specifier) =>
      specifier.startsWith('astro:') || fromSrcOnly(target, ['src/lib', 'src/server/node']),
  },
  {
    name: 'src/server/http is the HTTP layer before Astro: no astro:*, and from src/ only src/lib, src/server/node and src/server/http',
    applies: (file) => under(file, 'src/server/http'),
    forbids: (target, specifier) =>
      specifier.startsWith('astro:') ||
      fromSrcOnly(target, ['src/lib', 'src/server/node', 'src/server/http']),
  },
  {
    name: 'src/server/astro is Astro glue for pages and actions: it never imports pages, actions, components, layouts, runtime or build',
    applies: (file) => under(file, 'src/server/astro'),
    forbids: (target) =>
      [...GLUE.slice(0, 4), ...ENTRY_ONLY].some((folder) => under(target, folder)) ||
      target === 'src/middleware.ts',
  },
  {
    name: 'src/server/runtime is started by src/middleware.ts and src/worker.ts only',
    // Features and src/server/astro have their own rule that names the runtime; tests may import anything.
    applies: (file) =>
      under(file, 'src') &&
      !['src/server/runtime', 'src/features', 'src/server/astro'].some((folder) => under(file, folder)) &&
      !isTest(file) &&
      file !== 'src/middleware.ts' &&
      file !== 'src/worker.ts',
    forbids: (target) => under(target, 'src/server/runtime'),
  },
  {
    name: 'src/server/build runs in the build (astro.config.mjs): nothing in src/ imports it, and it imports nothing from src/',
    applies: (file) =>
      under(file, 'src') &&
      !isTest(file) &&
      !['src/features', 'src/server/astro'].some((folder) => under(file, folder)),
    forbids: (target, _specifier, file) =>
      under(file, 'src/server/build')
        ? under(target, 'src') && !under(target, 'src/server/build')
        : under(target, 'src/server/build'),
  },
  {
    name: 'db/ imports nothing from src/ and nothing from astro:*',
    applies: (file) => under(file, 'db'),
    forbids: (target, specifier) => under(target, 'src') || specifier.startsWith('astro:'),
  },
  {
    name: 'pages, actions and components run no SQL: no drizzle-orm, no db/schema',
    applies: (file) => GLUE.slice(0, 4).some((folder) => under(file, folder)),
    forbids: (target) =>
      target === 'drizzle-orm' || target.startsWith('drizzle-orm/') || under(target, 'db/schema'),
  },
  {
    name: '.tsx islands never import *.server.ts or src/server/ (they ship to the browser)',
    applies: (file) => file.endsWith('.tsx'),
    forbids: (target) => isServerModule(target),
  },
];

/** Every import in `files` that breaks a rule. */
export function findViolations(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const rules = RULES.filter((rule) => rule.applies(file.path));
    if (rules.length === 0) continue;
    for (const specifier of importsOf(file.text)) {
      const target = resolveSpecifier(file.path, specifier);
      for (const rule of rules) {
        if (rule.forbids(target, specifier, file.path))
          violations.push({ file: file.path, specifier, rule: rule.name });
      }
    }
  }
  return violations;
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file} imports '${v.specifier}': ${v.rule}`).join('\n');
}

const SOURCE = /\.(ts|tsx|mts|js|mjs|jsx|astro)$/;

/** Every source file under `folder` of the repository at `root` (not db/migrations). */
export function readSources(root: string, folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(root, full).split('\\').join('/');
    if (under(path, 'db/migrations')) continue;
    files.push({ path, text: readFileSync(full, 'utf8') });
  }
  return files;
}

/** The imports that survive type stripping: `import type` and `export type` lines are erased. */
export function runtimeImportsOf(text: string): string[] {
  return importsOf(text.replace(/\b(?:import|export)\s+type\s[^'"`;]*?\sfrom\s*['"][^'"]+['"]/g, ''));
}

/**
 * What runs where astro:* cannot load: under plain Node (`node --experimental-strip-types`: the
 * worker, the CLIs, db/, the e2e fixtures, the benchmarks) or in the e2e project, which has no Vite.
 */
export const PLAIN_NODE_ENTRIES = (path: string): boolean =>
  path === 'src/worker.ts' ||
  under(path, 'src/server/node') ||
  under(path, 'src/server/http') ||
  under(path, 'src/cli') ||
  (under(path, 'db') && !path.endsWith('.test.ts')) ||
  under(path, 'tests/e2e') ||
  under(path, 'tests/load');

/**
 * Every plain-Node entry that reaches astro:* through the modules it imports, however indirectly,
 * with the chain of files that leads there.
 */
export function findPlainNodeViolations(files: SourceFile[]): Violation[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const find = (target: string): SourceFile | undefined => byPath.get(target) ?? byPath.get(`${target}.ts`);
  const violations: Violation[] = [];
  for (const entry of files.filter((f) => PLAIN_NODE_ENTRIES(f.path))) {
    const seen = new Set<string>([entry.path]);
    const queue: { file: SourceFile; chain: string[] }[] = [{ file: entry, chain: [entry.path] }];
    while (queue.length > 0) {
      const { file, chain } = queue.shift() as { file: SourceFile; chain: string[] };
      for (const specifier of runtimeImportsOf(file.text)) {
        if (specifier.startsWith('astro:')) {
          violations.push({
            file: entry.path,
            specifier,
            rule: `runs under plain Node but reaches astro:* via ${chain.join(' → ')}`,
          });
          continue;
        }
        const next = find(resolveSpecifier(file.path, specifier));
        if (next && !seen.has(next.path)) {
          seen.add(next.path);
          queue.push({ file: next, chain: [...chain, next.path] });
        }
      }
    }
  }
  return violations;
}

/** The source file a specifier names, trying the extensions and index files the bundler would. */
export function resolveSourceFile(
  from: string,
  specifier: string,
  paths: ReadonlySet<string>,
): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolveSpecifier(from, specifier);
  const candidates = [
    target,
    ...['.ts', '.tsx', '.astro', '.mts', '.js', '.mjs'].map((ext) => `${target}${ext}`),
    ...['index.ts', 'index.tsx', 'index.astro'].map((index) => `${target}/${index}`),
  ];
  return candidates.find((candidate) => paths.has(candidate));
}

/**
 * Every import cycle among `files`, type-only imports included: one entry per strongly connected
 * group, each written as a closed path through the group (`a → b → a`), sorted. `unitOf` names
 * what a cycle is counted between: each file by default, or e.g. each feature folder.
 */
export function findImportCycles(
  files: SourceFile[],
  unitOf: (path: string) => string = (path) => path,
): string[] {
  const paths = new Set(files.map((f) => f.path));
  const targetsOf = new Map<string, Set<string>>();
  for (const file of files) {
    const from = unitOf(file.path);
    const targets = targetsOf.get(from) ?? new Set<string>();
    targetsOf.set(from, targets);
    for (const specifier of importsOf(file.text)) {
      const target = resolveSourceFile(file.path, specifier, paths);
      if (target && (unitOf(target) !== from || target === file.path)) targets.add(unitOf(target));
    }
  }
  const edges = new Map([...targetsOf].map(([from, targets]) => [from, [...targets].sort()]));
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || (edges.get(node) ?? []).includes(node)) groups.push(group.sort());
    }
  };
  for (const unit of [...edges.keys()].sort()) if (!index.has(unit)) visit(unit);
  // Name each group by one closed path: from its first file, breadth-first back to that file.
  return groups
    .map((group) => {
      const start = group[0] as string;
      const inGroup = new Set(group);
      const previous = new Map<string, string>();
      const queue = [start];
      let last: string | undefined;
      while (queue.length > 0 && last === undefined) {
        const node = queue.shift() as string;
        for (const next of edges.get(node) ?? []) {
          if (!inGroup.has(next)) continue;
          if (next === start) {
            last = node;
            break;
          }
          if (!previous.has(next)) {
            previous.set(next, node);
            queue.push(next);
          }
        }
      }
      const chain = [start];
      for (let node = last as string; node !== start; node = previous.get(node) as string)
        chain.splice(1, 0, node);
      const extra =
        group.length > chain.length
          ? ` (and ${group.length - chain.length} more in the group: ${group.filter((p) => !chain.includes(p)).join(', ')})`
          : '';
      return `${[...chain, start].join(' → ')}${extra}`;
    })
    .sort();
}
