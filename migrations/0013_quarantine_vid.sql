ALTER TABLE `quarantine` ADD `vid` text;--> statement-breakpoint
CREATE INDEX `quarantine_site_vid` ON `quarantine` (`site_id`,`vid`);