CREATE TYPE "public"."email_delivery" AS ENUM('delivered', 'bounced', 'complained');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('queued', 'sending', 'sent', 'failed', 'dead', 'suppressed');--> statement-breakpoint
CREATE TYPE "public"."email_suppression_reason" AS ENUM('bounced', 'complained');--> statement-breakpoint
CREATE TABLE "email_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" "email_delivery" NOT NULL,
	"provider_message_id" text NOT NULL,
	"outbox_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"priority" smallint DEFAULT 0 NOT NULL,
	"status" "email_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"give_up_at" timestamp with time zone NOT NULL,
	"lease_token" uuid,
	"lease_expires_at" timestamp with time zone,
	"send_key" uuid,
	"last_error" text,
	"provider" text,
	"provider_message_id" text,
	"delivery" "email_delivery",
	"delivery_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "email_outbox_attempts_nonneg" CHECK ("email_outbox"."attempts" >= 0),
	CONSTRAINT "email_outbox_priority_range" CHECK ("email_outbox"."priority" in (0, 1)),
	CONSTRAINT "email_outbox_provider_known" CHECK ("email_outbox"."provider" is null or "email_outbox"."provider" in ('resend', 'local')),
	CONSTRAINT "email_outbox_lease_when_sending" CHECK (("email_outbox"."status" = 'sending') = ("email_outbox"."lease_token" is not null and "email_outbox"."lease_expires_at" is not null)),
	CONSTRAINT "email_outbox_queued_unattempted" CHECK ("email_outbox"."status" <> 'queued' or "email_outbox"."send_key" is null),
	CONSTRAINT "email_outbox_sent_has_provider" CHECK ("email_outbox"."status" <> 'sent' or ("email_outbox"."provider" is not null and "email_outbox"."sent_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "email_suppressions" (
	"address" text PRIMARY KEY NOT NULL,
	"reason" "email_suppression_reason" NOT NULL,
	"event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_suppressions_lowercase" CHECK ("email_suppressions"."address" = lower("email_suppressions"."address"))
);
--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_outbox_id_email_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."email_outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_events_outbox_idx" ON "email_events" USING btree ("outbox_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_dedupe_key_unique" ON "email_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "email_outbox_queued_idx" ON "email_outbox" USING btree ("priority","next_attempt_at") WHERE "email_outbox"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "email_outbox_retry_idx" ON "email_outbox" USING btree ("priority","next_attempt_at") WHERE "email_outbox"."status" = 'failed' and "email_outbox"."send_key" = "email_outbox"."id";--> statement-breakpoint
CREATE INDEX "email_outbox_lease_idx" ON "email_outbox" USING btree ("lease_expires_at") WHERE "email_outbox"."status" = 'sending' and "email_outbox"."send_key" = "email_outbox"."id";--> statement-breakpoint
CREATE INDEX "email_outbox_send_key_idx" ON "email_outbox" USING btree ("send_key");--> statement-breakpoint
CREATE INDEX "email_outbox_provider_message_id_idx" ON "email_outbox" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "email_outbox_status_updated_idx" ON "email_outbox" USING btree ("status","updated_at");