-- TRUNCATE fires no row triggers, so the append-only trigger on audit_log never saw it: refuse it
-- too, whoever asks (the schema owner included). The runtime role made by `node db/cli.ts roles` has
-- no TRUNCATE right either.
CREATE OR REPLACE FUNCTION audit_log_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log cannot be truncated';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_truncate();
