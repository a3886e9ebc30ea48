CREATE TABLE `privacy_notices` (
	`site_id` text NOT NULL,
	`version` text NOT NULL,
	`sheet_hash` text NOT NULL,
	`facts` text NOT NULL,
	`notices` text NOT NULL,
	`status` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	PRIMARY KEY(`site_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `privacy_notices_site_created` ON `privacy_notices` (`site_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `privacy_notices_in_force` ON `privacy_notices` (`site_id`) WHERE status = 'published';--> statement-breakpoint
CREATE TABLE `privacy_question_topics` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`topic` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`, `topic`)
);
--> statement-breakpoint
ALTER TABLE `consent_log` ADD `notice_version` text;