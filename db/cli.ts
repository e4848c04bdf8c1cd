// Command-line entry for the database: `node db/cli.ts migrate|seed|setup`, and on PostgreSQL
// `node db/cli.ts roles --runtime-role <name>` (see db/roles.ts and docs/operations/deployment.md).
// Reads DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (embedded, default ./data/pglite).
import postgres from 'postgres';
import { createDb, dbOptionsFromEnv } from './client.ts';
import { setUpRuntimeRole } from './roles.ts';
import { seedDatabase } from './seed.ts';

const commands = ['migrate', 'seed', 'setup', 'roles'] as const;
type Command = (typeof commands)[number];

async function roles(args: string[]): Promise<void> {
  const at = args.indexOf('--runtime-role');
  const role = at === -1 ? undefined : args[at + 1];
  if (!role) throw new Error('Usage: node db/cli.ts roles --runtime-role <name>');
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'Roles need PostgreSQL (set DATABASE_URL, connecting as the role that owns the schema): the embedded database has one user and no roles.',
    );
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await setUpRuntimeRole(sql, role);
  } finally {
    await sql.end({ timeout: 5 });
  }
  console.log(
    `Runtime role ${role}: normal rights on every table; on audit_log only select, insert and delete (the trigger allows deleting rows past 730 days only). Give it a password or certificate yourself.`,
  );
}

async function main(command: Command): Promise<void> {
  if (command === 'roles') return roles(process.argv.slice(3));
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
