CREATE TABLE `consent_log` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`consent_id` text NOT NULL,
	`ts` integer NOT NULL,
	`action` text NOT NULL,
	`analytics` integer NOT NULL,
	`marketing` integer NOT NULL,
	`source` text NOT NULL,
	`banner_version` text,
	`locale` text,
	`jurisdiction` text,
	`gpc` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consent_log_site_ts` ON `consent_log` (`site_id`,`ts`);--> statement-breakpoint
CREATE INDEX `consent_log_consent` ON `consent_log` (`consent_id`);--> statement-breakpoint
CREATE TABLE `consent_state` (
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`consent_id` text NOT NULL,
	`analytics` integer NOT NULL,
	`marketing` integer NOT NULL,
	`source` text NOT NULL,
	`banner_version` text,
	`gpc` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `vid`)
);
--> statement-breakpoint
CREATE INDEX `consent_state_site_marketing` ON `consent_state` (`site_id`,`marketing`);--> statement-breakpoint
CREATE TABLE `erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`vid_hash` text NOT NULL,
	`reason` text NOT NULL,
	`counts` text NOT NULL,
	`completed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `erasures_site_vid` ON `erasures` (`site_id`,`vid_hash`);