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
CREATE INDEX `erasure_requests_site` ON `erasure_requests` (`site_id`,`requested_at`);