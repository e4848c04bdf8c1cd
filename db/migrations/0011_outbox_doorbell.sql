-- The outbox rings a doorbell: when messages are queued (a new row, or a row put back to 'queued' by
-- a retry), PostgreSQL sends NOTIFY cn_outbox at commit — never for a rolled-back transaction, and
-- once per transaction however many rows it queued. Idle workers LISTEN and wake at once instead of
-- polling the table every second (src/features/email/outbox-worker.ts). Works on PGlite too.
CREATE OR REPLACE FUNCTION email_outbox_ring() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cn_outbox', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER email_outbox_ring_on_insert AFTER INSERT ON "email_outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_ring();--> statement-breakpoint
CREATE TRIGGER email_outbox_ring_on_requeue AFTER UPDATE OF "status" ON "email_outbox"
  FOR EACH ROW WHEN (NEW."status" = 'queued' AND OLD."status" <> 'queued')
  EXECUTE FUNCTION email_outbox_ring();
