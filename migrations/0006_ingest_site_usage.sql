CREATE TABLE `site_usage` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
) WITHOUT ROWID;
