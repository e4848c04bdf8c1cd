CREATE TABLE "staff_recovery_code_reveals" (
	"session_id" text PRIMARY KEY NOT NULL,
	"codes_sealed" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "second_factor_reset_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_recovery_code_reveals" ADD CONSTRAINT "staff_recovery_code_reveals_session_id_staff_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."staff_sessions"("id") ON DELETE cascade ON UPDATE no action;