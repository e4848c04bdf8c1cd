-- The audit log is append-only: the application never updates or deletes its rows, and the database
-- refuses if anything tries.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log rows cannot be updated or deleted';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
-- Updates that existed before drafts did were all public: keep them published.
UPDATE "action_updates" SET "published_at" = "created_at" WHERE "published_at" IS NULL;
