CREATE TABLE `address_usage` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`address` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`, `address`)
);
