-- The /report journey's drafts move into the shared form_drafts table (same token hashes: the
-- 'report' form keeps the key its drafts were hashed with), so a resident part-way through keeps
-- their answers across the upgrade.
INSERT INTO "form_drafts" ("token_hash", "form", "answers", "started_at", "updated_at", "expires_at")
SELECT "token_hash", 'report', "answers", "started_at", "updated_at", "expires_at" FROM "concern_drafts";--> statement-breakpoint
DROP TABLE "concern_drafts" CASCADE;
