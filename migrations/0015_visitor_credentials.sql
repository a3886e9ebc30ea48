CREATE TABLE `erasure_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`subject` text NOT NULL,
	`vid_hashes` text NOT NULL,
	`reason` text NOT NULL,
	`requested_at` integer NOT NULL,
	`counts` text,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `erasure_requests_site` ON `erasure_requests` (`site_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `visitor_credentials` (
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`secret_hash` text NOT NULL,
	`bound_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `vid`)
);
--> statement-breakpoint
CREATE INDEX `visitor_credentials_site_bound` ON `visitor_credentials` (`site_id`,`bound_at`);