ALTER TABLE "newsletter_deliveries" ADD COLUMN "final_status" "email_status";--> statement-breakpoint
ALTER TABLE "newsletter_deliveries" ADD COLUMN "final_delivery" "email_delivery";