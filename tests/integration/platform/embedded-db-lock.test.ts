// With the embedded database only one process may open the data directory: a second one refuses.
// Each data directory starts as a copy of the migrated template (tests/helpers/test-db.ts) rather
// than from initdb, which took several seconds of WebAssembly a directory; a fresh directory's
// first boot is what `db/cli.ts setup` does before the browser and fault suites.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { DataDirLockedError } from '../../../db/lock.ts';
import { auditLog } from '../../../db/schema/index.ts';
import { pgliteDataDirFromTemplate } from '../../helpers/test-db.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cn-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A migrated data directory of its own under `root`. */
async function migratedDataDir(name: string): Promise<string> {
  const dataDir = path.join(root, name, 'pglite');
  await pgliteDataDirFromTemplate(dataDir);
  return dataDir;
}

// Booting PGlite from a data directory takes a second or two, far more on a busy CI runner.
// Slowness is not what these tests are about.
const SLOW = { timeout: 180_000 };

describe('embedded PGlite data directory', () => {
  it('persists data across handles in one process, one at a time', SLOW, async () => {
    const dataDir = await migratedDataDir('a');
    const first = await createDb({ dataDir });
    await first.migrate();
    await first.db.insert(auditLog).values({ action: 'test.persisted' });
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const second = await createDb({ dataDir });
    try {
      await second.migrate();
      const rows = await second.db.select().from(auditLog).where(eq(auditLog.action, 'test.persisted'));
      expect(rows).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('refuses a second process while the first has it open', SLOW, async () => {
    const dataDir = await migratedDataDir('b');
    const script = `
      const { createDb } = await import(${JSON.stringify(path.resolve('db/client.ts'))});
      const h = await createDb({ dataDir: ${JSON.stringify(dataDir)} });
      process.stdout.write('open\\n');
      setTimeout(async () => { await h.close(); process.exit(0); }, 120000);
    `;
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => b.toString().includes('open') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      await expect(createDb({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      child.kill();
    }
  });
});
