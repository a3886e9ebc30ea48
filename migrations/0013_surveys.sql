CREATE TABLE `surveys` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`goal` text NOT NULL,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `surveys_site_status` ON `surveys` (`site_id`,`status`);