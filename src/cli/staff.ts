// Staff accounts from the command line.
//   npm run staff:create -- --email a@b.org --name "Ada Lovelace" --role admin
//     creates the account and prints its one-time set-up link (valid 72 hours).
//   npm run staff:demo
//     embedded database only: demo accounts with the documented credentials in the README.
//   npm run staff:demo -- --remove
//     removes their credentials (the server refuses to start in production, or listening beyond
//     this computer, while they exist).
// With the embedded database, stop the server first: only one process may open it.
import { parseArgs } from 'node:util';
import { createDb, dbOptionsFromEnv } from '../../db/client.ts';
import { InviteSchema } from '../features/auth/auth.schema.ts';
import { normaliseEmail } from '../features/auth/credentials.server.ts';
import { createDemoStaff, DEMO_STAFF, removeDemoStaff } from '../features/auth/demo-staff.server.ts';
import { inviteStaff } from '../features/auth/one-time-links.server.ts';
import { resolveAppSecret } from '../server/node/app-secret.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function create(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  const parsed = InviteSchema.safeParse({
    email: values.email,
    name: values.name,
    role: values.role ?? 'admin',
  });
  if (!parsed.success) {
    fail(
      `${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n')}\n` +
        'Usage: npm run staff:create -- --email name@example.org --name "Full Name" --role admin',
    );
  }
  if (parsed.data.role === 'ward_officer')
    fail('Create ward officers from the back office, where you choose their wards.');
  const base = (process.env.PUBLIC_BASE_URL || 'http://localhost:4321').replace(/\/$/, '');
  if (process.env.DATABASE_URL && !process.env.PUBLIC_BASE_URL)
    fail('Set PUBLIC_BASE_URL so the link points at the portal.');
  const handle = await createDb(dbOptionsFromEnv(process.env));
  try {
    await handle.migrate();
    const { token } = await inviteStaff(
      handle.db,
      { email: normaliseEmail(parsed.data.email), name: parsed.data.name, role: parsed.data.role },
      { id: null, email: 'command line' },
      resolveAppSecret(process.env),
    );
    console.log(`Created ${parsed.data.role} ${parsed.data.email}.`);
    console.log(
      'Give them this one-time link to set a password and an authenticator app (valid for 72 hours):',
    );
    console.log(`${base}/staff/setup/${token}`);
  } finally {
    await handle.close();
  }
}

async function removeDemo(): Promise<void> {
  const handle = await createDb(dbOptionsFromEnv(process.env));
  try {
    await handle.migrate();
    const removed = await removeDemoStaff(handle.db);
    console.log(removed > 0 ? `Removed ${removed} demo accounts.` : 'There are no demo accounts to remove.');
    console.log('If there is no other administrator, create one: npm run staff:create -- --email … --name …');
  } finally {
    await handle.close();
  }
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { remove: { type: 'boolean' } } });
  if (values.remove) return removeDemo();
  if (process.env.DATABASE_URL)
    fail('Demo accounts are only for the embedded database, never with DATABASE_URL.');
  const handle = await createDb(dbOptionsFromEnv(process.env));
  try {
    await handle.migrate();
    const created = await createDemoStaff(handle.db, resolveAppSecret(process.env));
    console.log(created > 0 ? `Created ${created} demo accounts.` : 'Demo accounts already exist.');
    for (const d of DEMO_STAFF) console.log(`  ${d.role.padEnd(16)} ${d.email}`);
    console.log('Password and authenticator key: see "Demo accounts" in the README.');
  } finally {
    await handle.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
const run =
  command === 'create' ? create(rest) : command === 'demo' ? demo(rest) : fail('Usage: staff.ts create|demo');
run.catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
