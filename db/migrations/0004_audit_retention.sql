-- The audit log keeps its rows for 730 days (two years), then the retention job deletes them: it holds
-- staff and residents' addresses and client addresses, which cannot be kept for ever. The database
-- still refuses every UPDATE, and every DELETE of a row younger than that, whoever asks.
-- Keep 730 in step with RETENTION.auditLogMs in src/features/retention/retention.ts.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.at < now() - interval '730 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log rows cannot be updated, or deleted before they are 730 days old';
END;
$$;
