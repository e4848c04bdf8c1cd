// Database roles on PostgreSQL: the migration role (whoever runs `db:migrate`) owns the schema; the
// runtime role the server connects as gets normal rights on every table except the audit log, which
// it may read and insert into, and delete from only where the trigger allows (rows past 730 days:
// the retention job). No UPDATE, no TRUNCATE; it may read Drizzle's migrations table (readiness).
// Idempotent: run it again after every migration.
import type { Sql } from 'postgres';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class RoleNameError extends Error {}

/** The statements, in order, for `role` (already checked against ROLE_NAME). */
export function runtimeRoleStatements(role: string, database: string): string[] {
  if (!ROLE_NAME.test(role)) {
    throw new RoleNameError('A role name is lower-case letters, digits and underscores (at most 63)');
  }
  const r = `"${role}"`;
  return [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${r} LOGIN; END IF;
     END $$`,
    `GRANT CONNECT ON DATABASE "${database.replaceAll('"', '""')}" TO ${r}`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    // Tables later migrations create (as the role running this) get the same rights.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
    // The audit log: read, append, and (past 730 days, enforced by its trigger) delete.
    `REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r}`,
    `GRANT SELECT, INSERT, DELETE ON audit_log TO ${r}`,
    // Readiness compares the applied migrations with the build's (src/server/http/health.ts).
    `DO $$ BEGIN
       IF to_regclass('drizzle.__drizzle_migrations') IS NOT NULL THEN
         GRANT USAGE ON SCHEMA drizzle TO ${r};
         GRANT SELECT ON drizzle.__drizzle_migrations TO ${r};
       END IF;
     END $$`,
  ];
}

/** Creates the runtime role if missing and sets its rights, in one transaction. */
export async function setUpRuntimeRole(sql: Sql, role: string): Promise<void> {
  const [row] = await sql<{ database: string }[]>`select current_database() as database`;
  const statements = runtimeRoleStatements(role, row?.database ?? '');
  await sql.begin(async (tx) => {
    for (const statement of statements) await tx.unsafe(statement);
  });
}
