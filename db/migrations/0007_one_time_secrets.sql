CREATE TABLE "one_time_secrets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"subject" text NOT NULL,
	"hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_time_secrets_attempts_nonneg" CHECK ("one_time_secrets"."attempts" >= 0),
	CONSTRAINT "one_time_secrets_end_reason" CHECK (("one_time_secrets"."ended_at" is null) = ("one_time_secrets"."end_reason" is null) and ("one_time_secrets"."end_reason" is null or "one_time_secrets"."end_reason" in ('used', 'revoked', 'burnt')))
);
--> statement-breakpoint
DROP TABLE "staff_tokens" CASCADE;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "sealed_secret" text;--> statement-breakpoint
CREATE INDEX "one_time_secrets_hash_idx" ON "one_time_secrets" USING btree ("purpose","hash");--> statement-breakpoint
CREATE INDEX "one_time_secrets_subject_idx" ON "one_time_secrets" USING btree ("purpose","subject");--> statement-breakpoint
DROP TYPE "public"."staff_token_purpose";--> statement-breakpoint
-- Staff links were stored as unkeyed SHA-256 in staff_tokens: those links are invalidated (the table
-- is dropped above), not carried over. An administrator resends an invitation from the member's
-- page; a member asks for a new reset link. Messages that carried one lose their body now, and those
-- not yet sent are given up: their links no longer work.
UPDATE "email_outbox" SET
	"html" = '<p>Removed: this message carried a one-time link, withdrawn when links moved to keyed hashes.</p>',
	"text" = 'Removed: this message carried a one-time link, withdrawn when links moved to keyed hashes.',
	"status" = CASE WHEN "status" IN ('queued', 'sending', 'failed') THEN 'dead'::"email_status" ELSE "status" END,
	"last_error" = CASE WHEN "status" IN ('queued', 'sending', 'failed') THEN 'Withdrawn: its one-time link no longer works' ELSE "last_error" END,
	"lease_token" = NULL,
	"lease_expires_at" = NULL,
	"updated_at" = now()
WHERE "kind" IN ('staff-invite', 'staff-password-reset');
