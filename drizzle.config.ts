import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` is used: it diffs db/schema against the committed snapshots and
// writes SQL into db/migrations. It never connects to a database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
  strict: true,
  verbose: true,
});
