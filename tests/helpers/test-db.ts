// A fresh, migrated database for one test file, removed afterwards.
// PostgreSQL (TEST_DATABASE_URL): a new database on that server, dropped at the end.
// Otherwise: an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../db/client.ts';

export interface TestDb extends DbHandle {
  /** PostgreSQL only: the test database's URL, to open more handles (several workers). */
  url?: string;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await createDb({ memory: true });
    await handle.migrate();
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `cn_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), maxConnections: 4 });
  try {
    await handle.migrate();
  } catch (error) {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw error;
  }
  return {
    ...handle,
    url: url.toString(),
    destroy: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
