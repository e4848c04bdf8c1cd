// Command-line entry for the database: `node db/cli.ts migrate|seed|setup`.
// Reads DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (embedded, default ./data/pglite).
import { createDb, dbOptionsFromEnv } from './client.ts';
import { seedDatabase } from './seed.ts';

const commands = ['migrate', 'seed', 'setup'] as const;
type Command = (typeof commands)[number];

async function main(command: Command): Promise<void> {
  const handle = await createDb(dbOptionsFromEnv(process.env));
  try {
    if (command === 'migrate' || command === 'setup') {
      await handle.migrate();
      console.log(`Migrations applied (${handle.kind}).`);
    }
    if (command === 'seed' || command === 'setup') {
      const { inserted } = await seedDatabase(handle.db);
      const parts = Object.entries(inserted).map(([table, n]) => `${table} ${n}`);
      console.log(`Seed: inserted ${parts.join(', ')}.`);
    }
  } finally {
    await handle.close();
  }
}

const command = process.argv[2];
if (!commands.includes(command as Command)) {
  console.error(`Usage: node db/cli.ts ${commands.join('|')}`);
  process.exit(2);
}
main(command as Command).catch((error: unknown) => {
  // The message only: a stack trace or connection string helps nobody running a script.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
