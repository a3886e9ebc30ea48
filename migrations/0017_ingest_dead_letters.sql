CREATE TABLE `bot_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`site_id` text,
	`vid` text,
	`body` text NOT NULL,
	`events` integer NOT NULL,
	`created_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_key` ON `dead_letters` (`key`);--> statement-breakpoint
CREATE INDEX `dead_letters_site_vid` ON `dead_letters` (`site_id`,`vid`);--> statement-breakpoint
CREATE INDEX `dead_letters_site_created` ON `dead_letters` (`site_id`,`created_at`);