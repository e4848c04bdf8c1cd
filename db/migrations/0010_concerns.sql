CREATE TYPE "public"."concern_status" AS ENUM('received', 'reviewing', 'ward_team', 'referred', 'closed');--> statement-breakpoint
CREATE SEQUENCE "public"."concern_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1;--> statement-breakpoint
CREATE TABLE "concern_drafts" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concern_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"concern_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"status" "concern_status",
	"public_note" text,
	"internal_note" text,
	"actor_id" uuid,
	"details" jsonb,
	CONSTRAINT "concern_events_kind" CHECK ("concern_events"."kind" in ('received', 'status', 'referred', 'assigned', 'duplicate', 'note'))
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"category" text NOT NULL,
	"category_other" text,
	"ward_id" integer,
	"location" text NOT NULL,
	"timing" text NOT NULL,
	"occurred_on" date,
	"time_of_day" text,
	"frequency" text,
	"description" text NOT NULL,
	"impact" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"contact_preference" text,
	"contact_erased_at" timestamp with time zone,
	"status" "concern_status" DEFAULT 'received' NOT NULL,
	"outcome" text,
	"partner" text,
	"referred_on" date,
	"assigned_to" uuid,
	"duplicate_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "concerns_reference_unique" UNIQUE("reference"),
	CONSTRAINT "concerns_timing" CHECK ("concerns"."timing" in ('once', 'ongoing')),
	CONSTRAINT "concerns_anonymous_has_no_contact" CHECK (not "concerns"."anonymous" or ("concerns"."contact_name" is null and "concerns"."contact_email" is null and "concerns"."contact_phone" is null and "concerns"."contact_preference" is null)),
	CONSTRAINT "concerns_closed_at" CHECK (("concerns"."status" = 'closed') = ("concerns"."closed_at" is not null)),
	CONSTRAINT "concerns_not_own_duplicate" CHECK ("concerns"."duplicate_of" is null or "concerns"."duplicate_of" <> "concerns"."id")
);
--> statement-breakpoint
ALTER TABLE "concern_events" ADD CONSTRAINT "concern_events_concern_id_concerns_id_fk" FOREIGN KEY ("concern_id") REFERENCES "public"."concerns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_events" ADD CONSTRAINT "concern_events_actor_id_staff_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_assigned_to_staff_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_duplicate_of_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."concerns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_drafts_expires_idx" ON "concern_drafts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "concern_events_concern_idx" ON "concern_events" USING btree ("concern_id","at");--> statement-breakpoint
CREATE INDEX "concerns_status_created_idx" ON "concerns" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "concerns_ward_idx" ON "concerns" USING btree ("ward_id","created_at");--> statement-breakpoint
CREATE INDEX "concerns_duplicate_idx" ON "concerns" USING btree ("duplicate_of");