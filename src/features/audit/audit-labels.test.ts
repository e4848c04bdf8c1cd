// The audit log is read by people: every action the code records has words for it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from './audit.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('audit action labels', () => {
  it('label every action the source writes to the audit log', () => {
    const recorded = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('db')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+\.[a-z_]+)'/g)) {
        recorded.add(match[1] as string);
      }
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((action) => !(action in AUDIT_ACTION_LABELS))).toEqual([]);
  });
});
