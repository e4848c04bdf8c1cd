ALTER TABLE "action_updates" ADD COLUMN "borough" text;--> statement-breakpoint
ALTER TABLE "action_updates" ADD CONSTRAINT "action_updates_borough_known" CHECK ("action_updates"."borough" in ('camden', 'islington', 'both'));--> statement-breakpoint
-- Seeded updates: every source paper is one borough's committee (db/seed-data/types.ts boroughOfSource).
UPDATE "action_updates" SET "borough" = 'camden' WHERE "borough" IS NULL AND "source" LIKE 'Camden %';--> statement-breakpoint
UPDATE "action_updates" SET "borough" = 'islington' WHERE "borough" IS NULL AND "source" LIKE 'Islington %';
