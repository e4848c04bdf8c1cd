CREATE TABLE "vote_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"address_hash" text,
	"district" text NOT NULL,
	"choices" integer[] NOT NULL,
	"outcome_address" text,
	"changes" integer DEFAULT 0 NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vote_ballots_round_address_unique" UNIQUE("round_id","address_hash"),
	CONSTRAINT "vote_ballots_some_choice" CHECK (cardinality("vote_ballots"."choices") >= 1)
);
--> statement-breakpoint
CREATE TABLE "vote_options" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"chosen" boolean DEFAULT false NOT NULL,
	CONSTRAINT "vote_options_round_position_unique" UNIQUE("round_id","position")
);
--> statement-breakpoint
CREATE TABLE "vote_pending_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"address_hash" text NOT NULL,
	"district" text NOT NULL,
	"choices" integer[] NOT NULL,
	"outcome_address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vote_pending_ballots_some_choice" CHECK (cardinality("vote_pending_ballots"."choices") >= 1)
);
--> statement-breakpoint
CREATE TABLE "vote_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"ward_id" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"max_choices" integer DEFAULT 3 NOT NULL,
	"show_counts_while_open" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_early_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vote_rounds_closes_after_opens" CHECK ("vote_rounds"."closes_at" > "vote_rounds"."opens_at"),
	CONSTRAINT "vote_rounds_max_choices" CHECK ("vote_rounds"."max_choices" between 1 and 10),
	CONSTRAINT "vote_rounds_early_reason_when_closed" CHECK ("vote_rounds"."closed_early_reason" is null or "vote_rounds"."closed_at" is not null),
	CONSTRAINT "vote_rounds_decided_after_closed" CHECK (("vote_rounds"."decided_at" is null) = ("vote_rounds"."decision_reason" is null) and ("vote_rounds"."decided_at" is null or "vote_rounds"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "ward_priorities" ADD COLUMN "round_id" integer;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_round_id_vote_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."vote_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_options" ADD CONSTRAINT "vote_options_round_id_vote_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."vote_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_pending_ballots" ADD CONSTRAINT "vote_pending_ballots_round_id_vote_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."vote_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_rounds" ADD CONSTRAINT "vote_rounds_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_rounds" ADD CONSTRAINT "vote_rounds_decided_by_staff_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_rounds" ADD CONSTRAINT "vote_rounds_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_rounds" ADD CONSTRAINT "vote_rounds_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vote_pending_ballots_expiry_idx" ON "vote_pending_ballots" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "vote_rounds_ward_idx" ON "vote_rounds" USING btree ("ward_id","opens_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_rounds_one_undecided_per_ward" ON "vote_rounds" USING btree ("ward_id") WHERE "vote_rounds"."decided_at" is null;--> statement-breakpoint
ALTER TABLE "ward_priorities" ADD CONSTRAINT "ward_priorities_round_id_vote_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."vote_rounds"("id") ON DELETE set null ON UPDATE no action;