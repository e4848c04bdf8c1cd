// The integration project's global setup: makes the migrated template database once per run (per
// set of migrations, in fact), before the test files start, so they do not race to make it.
import { ensurePgliteTemplate, ensurePostgresTemplate } from '../helpers/test-db.ts';

export default async function setup(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await ensurePostgresTemplate(serverUrl);
  else await ensurePgliteTemplate();
}
