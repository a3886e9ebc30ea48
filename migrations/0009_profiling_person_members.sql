CREATE TABLE `profile_members` (
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`profile_vid` text NOT NULL,
	PRIMARY KEY(`site_id`, `vid`)
);
--> statement-breakpoint
CREATE INDEX `profile_members_profile` ON `profile_members` (`site_id`,`profile_vid`);--> statement-breakpoint
-- A profile is built from every id listed in profile_members. Erasure (withdrawal, "delete my data",
-- person deletion) deletes an id's member row through the visitor-data registry; the whole profile
-- then goes with it, so it never outlives one of the ids it was built from.
CREATE TRIGGER `profile_members_delete_profile` AFTER DELETE ON `profile_members`
BEGIN
	DELETE FROM `profiles` WHERE `site_id` = OLD.`site_id` AND `vid` = OLD.`profile_vid`;
END;
--> statement-breakpoint
-- And a deleted profile takes its member rows along.
CREATE TRIGGER `profiles_delete_members` AFTER DELETE ON `profiles`
BEGIN
	DELETE FROM `profile_members` WHERE `site_id` = OLD.`site_id` AND `profile_vid` = OLD.`vid`;
END;
