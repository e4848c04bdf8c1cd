CREATE TYPE "public"."pillar" AS ENUM('more_trust', 'less_crime', 'high_standards');--> statement-breakpoint
CREATE TYPE "public"."update_status" AS ENUM('not_started', 'on_track', 'at_risk', 'done');--> statement-breakpoint
CREATE TYPE "public"."dataset_kind" AS ENUM('monthly', 'change');--> statement-breakpoint
CREATE TYPE "public"."dataset_unit" AS ENUM('count', 'percent');--> statement-breakpoint
CREATE TABLE "action_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"action_id" integer NOT NULL,
	"update_date" date NOT NULL,
	"status" "update_status" NOT NULL,
	"headline" text NOT NULL,
	"body" text NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"number" smallint NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"pillars" "pillar"[] NOT NULL,
	CONSTRAINT "plan_actions_number_range" CHECK ("plan_actions"."number" between 1 and 99),
	CONSTRAINT "plan_actions_has_pillar" CHECK (cardinality("plan_actions"."pillars") >= 1)
);
--> statement-breakpoint
CREATE TABLE "plan_commitments" (
	"id" serial PRIMARY KEY NOT NULL,
	"action_id" integer NOT NULL,
	"borough_id" integer NOT NULL,
	"statement" text NOT NULL,
	"points" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "performance_datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"kind" "dataset_kind" NOT NULL,
	"unit" "dataset_unit" NOT NULL,
	"period" text NOT NULL,
	"source" text NOT NULL,
	"position" smallint NOT NULL,
	"series" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "performance_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"section" text,
	"category" text NOT NULL,
	"category_position" smallint NOT NULL,
	"series" text NOT NULL,
	"value" numeric(14, 4) NOT NULL,
	"previous_value" numeric(14, 4),
	CONSTRAINT "performance_values_position_nonneg" CHECK ("performance_values"."category_position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "boroughs" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"council" text NOT NULL,
	CONSTRAINT "boroughs_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "wards" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"borough_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_updates" ADD CONSTRAINT "action_updates_action_id_plan_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_action_id_plan_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_borough_id_boroughs_id_fk" FOREIGN KEY ("borough_id") REFERENCES "public"."boroughs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_values" ADD CONSTRAINT "performance_values_dataset_id_performance_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."performance_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wards" ADD CONSTRAINT "wards_borough_id_boroughs_id_fk" FOREIGN KEY ("borough_id") REFERENCES "public"."boroughs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_updates_action_date_headline_unique" ON "action_updates" USING btree ("action_id","update_date","headline");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_actions_number_unique" ON "plan_actions" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_commitments_action_borough_unique" ON "plan_commitments" USING btree ("action_id","borough_id");--> statement-breakpoint
CREATE UNIQUE INDEX "performance_datasets_slug_unique" ON "performance_datasets" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "performance_values_cell_unique" ON "performance_values" USING btree ("dataset_id","category","series");--> statement-breakpoint
CREATE UNIQUE INDEX "wards_slug_unique" ON "wards" USING btree ("slug");