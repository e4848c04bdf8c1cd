// With the embedded database only one process may open the data directory: a second one refuses.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { DataDirLockedError } from '../../../db/lock.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cn-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each test creates a PGlite data directory (initdb in WebAssembly) and migrates it: seconds on a
// quiet machine, far more on a busy CI runner. Slowness is not what these tests are about.
const SLOW = { timeout: 180_000 };

describe('embedded PGlite data directory', () => {
  it('persists data across handles in one process, one at a time', SLOW, async () => {
    const dataDir = path.join(root, 'a', 'pglite');
    const first = await createDb({ dataDir });
    await first.migrate();
    await first.close();
    const second = await createDb({ dataDir });
    await second.migrate();
    await second.close();
  });

  it('refuses a second process while the first has it open', SLOW, async () => {
    const dataDir = path.join(root, 'b', 'pglite');
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
