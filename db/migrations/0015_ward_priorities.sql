CREATE TABLE "ward_priorities" (
	"id" serial PRIMARY KEY NOT NULL,
	"ward_id" integer NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"set_on" date NOT NULL,
	"retired_on" date,
	"outcome" text,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ward_priorities_retired_with_outcome" CHECK (("ward_priorities"."retired_on" is null) = ("ward_priorities"."outcome" is null)),
	CONSTRAINT "ward_priorities_retired_after_set" CHECK ("ward_priorities"."retired_on" is null or "ward_priorities"."retired_on" >= "ward_priorities"."set_on")
);
--> statement-breakpoint
CREATE TABLE "ward_priority_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"priority_id" integer NOT NULL,
	"update_date" date NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ward_priorities" ADD CONSTRAINT "ward_priorities_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_priorities" ADD CONSTRAINT "ward_priorities_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_priorities" ADD CONSTRAINT "ward_priorities_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_priority_updates" ADD CONSTRAINT "ward_priority_updates_priority_id_ward_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."ward_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_priority_updates" ADD CONSTRAINT "ward_priority_updates_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ward_priorities_ward_title_set_on_unique" ON "ward_priorities" USING btree ("ward_id","title","set_on");--> statement-breakpoint
CREATE INDEX "ward_priority_updates_priority_idx" ON "ward_priority_updates" USING btree ("priority_id","update_date");