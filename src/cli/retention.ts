// Runs the retention rules once, now (the server also runs them every hour).
//   npm run retention -- --dry-run   lists what would be removed or erased, changes nothing
//   npm run retention                removes and erases it
// With the embedded database, stop the server first: only one process may open it.
import { parseArgs } from 'node:util';
import { createDb, dbOptionsFromEnv } from '../../db/client.ts';
import { runRetention } from '../features/retention/retention.server.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { 'dry-run': { type: 'boolean' } } });
  const dryRun = values['dry-run'] === true;
  const handle = await createDb(dbOptionsFromEnv(process.env));
  try {
    await handle.migrate();
    const { counts, erasedConcerns } = await runRetention(handle.db, { dryRun });
    console.log(dryRun ? 'Dry run: nothing was changed. It would remove or erase:' : 'Removed or erased:');
    for (const [what, n] of Object.entries(counts)) console.log(`  ${what}: ${n}`);
    if (erasedConcerns.length > 0) {
      console.log(`Contact details ${dryRun ? 'that would be ' : ''}erased from concerns:`);
      for (const reference of erasedConcerns) console.log(`  ${reference}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
