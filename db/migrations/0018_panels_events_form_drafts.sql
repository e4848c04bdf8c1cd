CREATE TABLE "form_drafts" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"form" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "form_drafts_form" CHECK ("form_drafts"."form" in ('report', 'ward-panel', 'youth-forum'))
);
--> statement-breakpoint
CREATE TABLE "community_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"uid" uuid NOT NULL,
	"kind" text NOT NULL,
	"ward_id" integer,
	"borough_id" integer,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue_name" text,
	"venue_address" text,
	"access_info" text,
	"online_url" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"status_note" text,
	"moved_from" timestamp with time zone,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_events_uid_unique" UNIQUE("uid"),
	CONSTRAINT "community_events_kind" CHECK ("community_events"."kind" in ('panel_meeting', 'community_event')),
	CONSTRAINT "community_events_status" CHECK ("community_events"."status" in ('scheduled', 'moved', 'cancelled')),
	CONSTRAINT "community_events_place" CHECK (("community_events"."ward_id" is null) <> ("community_events"."borough_id" is null)),
	CONSTRAINT "community_events_meeting_has_ward" CHECK ("community_events"."kind" <> 'panel_meeting' or "community_events"."ward_id" is not null),
	CONSTRAINT "community_events_ends_after_starts" CHECK ("community_events"."ends_at" > "community_events"."starts_at"),
	CONSTRAINT "community_events_somewhere" CHECK ("community_events"."venue_name" is not null or "community_events"."online_url" is not null),
	CONSTRAINT "community_events_moved_from" CHECK ("community_events"."status" <> 'moved' or "community_events"."moved_from" is not null)
);
--> statement-breakpoint
CREATE TABLE "equality_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"body" text NOT NULL,
	"ward_id" integer,
	"borough_id" integer,
	"submitted_month" date NOT NULL,
	"age_band" text,
	"sex" text,
	"gender_identity" text,
	"ethnic_group" text,
	"disability" text,
	"religion" text,
	CONSTRAINT "equality_responses_body" CHECK ("equality_responses"."body" in ('ward_panel', 'youth_forum')),
	CONSTRAINT "equality_responses_month" CHECK (extract(day from "equality_responses"."submitted_month") = 1)
);
--> statement-breakpoint
CREATE TABLE "panel_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"body" text NOT NULL,
	"ward_id" integer,
	"status" text NOT NULL,
	"full_name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"connection" text,
	"organisation" text,
	"reason" text NOT NULL,
	"availability" text,
	"access_needs" text,
	"contact_consent" boolean NOT NULL,
	"show_on_panel_page" boolean DEFAULT false NOT NULL,
	"date_of_birth" date,
	"guardian_name" text,
	"guardian_email" text,
	"guardian_decision" text,
	"guardian_decided_at" timestamp with time zone,
	"email_confirmed_at" timestamp with time zone,
	"lapses_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_applications_body" CHECK ("panel_applications"."body" in ('ward_panel', 'youth_forum')),
	CONSTRAINT "panel_applications_status" CHECK ("panel_applications"."status" in ('unconfirmed', 'awaiting_guardian', 'pending', 'approved', 'waitlisted', 'declined')),
	CONSTRAINT "panel_applications_ward_panel_has_ward" CHECK ("panel_applications"."body" <> 'ward_panel' or "panel_applications"."ward_id" is not null),
	CONSTRAINT "panel_applications_youth_has_birth_date" CHECK ("panel_applications"."body" <> 'youth_forum' or "panel_applications"."date_of_birth" is not null),
	CONSTRAINT "panel_applications_connection" CHECK ("panel_applications"."connection" is null or "panel_applications"."connection" in ('live', 'work', 'study', 'organisation')),
	CONSTRAINT "panel_applications_contact_consent" CHECK ("panel_applications"."contact_consent"),
	CONSTRAINT "panel_applications_guardian_decision" CHECK (("panel_applications"."guardian_decision" is null) = ("panel_applications"."guardian_decided_at" is null) and ("panel_applications"."guardian_decision" is null or "panel_applications"."guardian_decision" in ('approved', 'declined'))),
	CONSTRAINT "panel_applications_guardian_pair" CHECK (("panel_applications"."guardian_name" is null) = ("panel_applications"."guardian_email" is null))
);
--> statement-breakpoint
CREATE TABLE "panel_memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"body" text NOT NULL,
	"ward_id" integer,
	"term_starts_on" date NOT NULL,
	"term_ends_on" date NOT NULL,
	"reminder_queued_at" timestamp with time zone,
	"public_name" text,
	"public_role" text,
	"ended_on" date,
	"end_reason" text,
	"ended_by" uuid,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_memberships_body" CHECK ("panel_memberships"."body" in ('ward_panel', 'youth_forum')),
	CONSTRAINT "panel_memberships_term" CHECK ("panel_memberships"."term_ends_on" > "panel_memberships"."term_starts_on"),
	CONSTRAINT "panel_memberships_ended_with_reason" CHECK (("panel_memberships"."ended_on" is null) = ("panel_memberships"."end_reason" is null)),
	CONSTRAINT "panel_memberships_public_pair" CHECK (("panel_memberships"."public_name" is null) = ("panel_memberships"."public_role" is null))
);
--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_borough_id_boroughs_id_fk" FOREIGN KEY ("borough_id") REFERENCES "public"."boroughs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equality_responses" ADD CONSTRAINT "equality_responses_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equality_responses" ADD CONSTRAINT "equality_responses_borough_id_boroughs_id_fk" FOREIGN KEY ("borough_id") REFERENCES "public"."boroughs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_applications" ADD CONSTRAINT "panel_applications_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_applications" ADD CONSTRAINT "panel_applications_decided_by_staff_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_memberships" ADD CONSTRAINT "panel_memberships_application_id_panel_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."panel_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_memberships" ADD CONSTRAINT "panel_memberships_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_memberships" ADD CONSTRAINT "panel_memberships_ended_by_staff_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_memberships" ADD CONSTRAINT "panel_memberships_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_memberships" ADD CONSTRAINT "panel_memberships_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_drafts_expires_idx" ON "form_drafts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "community_events_starts_idx" ON "community_events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "community_events_ward_idx" ON "community_events" USING btree ("ward_id","starts_at");--> statement-breakpoint
CREATE INDEX "equality_responses_panel_idx" ON "equality_responses" USING btree ("body","ward_id");--> statement-breakpoint
CREATE INDEX "equality_responses_month_idx" ON "equality_responses" USING btree ("submitted_month");--> statement-breakpoint
CREATE INDEX "panel_applications_queue_idx" ON "panel_applications" USING btree ("body","ward_id","status","created_at");--> statement-breakpoint
CREATE INDEX "panel_applications_lapse_idx" ON "panel_applications" USING btree ("lapses_at") WHERE "panel_applications"."lapses_at" is not null;--> statement-breakpoint
CREATE INDEX "panel_applications_decided_idx" ON "panel_applications" USING btree ("status","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_memberships_application_unique" ON "panel_memberships" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "panel_memberships_panel_idx" ON "panel_memberships" USING btree ("body","ward_id","ended_on");--> statement-breakpoint
CREATE INDEX "panel_memberships_term_idx" ON "panel_memberships" USING btree ("term_ends_on") WHERE "panel_memberships"."ended_on" is null;