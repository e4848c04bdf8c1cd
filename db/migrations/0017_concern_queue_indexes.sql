CREATE INDEX "concerns_created_idx" ON "concerns" USING btree ("created_at","reference");--> statement-breakpoint
CREATE INDEX "concerns_open_idx" ON "concerns" USING btree ("created_at","reference") WHERE "concerns"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "concerns_open_ward_idx" ON "concerns" USING btree ("ward_id","created_at") WHERE "concerns"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "concerns_ward_status_idx" ON "concerns" USING btree ("ward_id","status","created_at");--> statement-breakpoint
CREATE INDEX "concerns_contact_due_idx" ON "concerns" USING btree ("closed_at") WHERE "concerns"."status" = 'closed' and not "concerns"."anonymous" and "concerns"."contact_erased_at" is null;