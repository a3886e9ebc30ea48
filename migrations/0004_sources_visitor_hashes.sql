CREATE TABLE `person_visitor_hashes` (
	`site_id` text NOT NULL,
	`vid_hash` text NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`site_id`, `vid_hash`)
);
--> statement-breakpoint
CREATE INDEX `person_visitor_hashes_person` ON `person_visitor_hashes` (`site_id`,`person_id`);