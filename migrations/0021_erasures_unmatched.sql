ALTER TABLE `erasures` ADD `unmatched_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `erasures_site_unmatched` ON `erasures` (`site_id`,`unmatched_key`);