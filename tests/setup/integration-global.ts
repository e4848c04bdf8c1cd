// The integration project's global setup: makes the migrated template database once per run (per
// set of migrations, in fact), before the test files start, so they do not race to make it; and
// removes the templates of other migrations that no run has used for a day.
import { ensurePgliteTemplate, ensurePostgresTemplate, pruneUnusedTemplates } from '../helpers/test-db.ts';

export default async function setup(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) await ensurePostgresTemplate(serverUrl);
  else await ensurePgliteTemplate();
  await pruneUnusedTemplates(serverUrl);
}
