CREATE TABLE `identity_links` (
	`site_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`person_id` text NOT NULL,
	`vid` text,
	`sealed` text,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `identity_links_person` ON `identity_links` (`site_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `identity_links_vid` ON `identity_links` (`site_id`,`vid`);--> statement-breakpoint
CREATE TABLE `identity_merges` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`winner_id` text NOT NULL,
	`loser_id` text NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`moved_keys` text NOT NULL,
	`created_at` integer NOT NULL,
	`undone_at` integer
);
--> statement-breakpoint
CREATE INDEX `identity_merges_winner` ON `identity_merges` (`site_id`,`winner_id`);--> statement-breakpoint
CREATE INDEX `identity_merges_loser` ON `identity_merges` (`site_id`,`loser_id`);--> statement-breakpoint
CREATE TABLE `identity_salts` (
	`site_id` text PRIMARY KEY NOT NULL,
	`salt` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_staging` (
	`import_id` text NOT NULL,
	`source_key` text NOT NULL,
	`row_no` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`import_id`, `source_key`)
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`source_label` text NOT NULL,
	`channel` text NOT NULL,
	`lawful_basis` text NOT NULL,
	`status` text NOT NULL,
	`rows_total` integer DEFAULT 0 NOT NULL,
	`rows_imported` integer DEFAULT 0 NOT NULL,
	`rows_duplicate` integer DEFAULT 0 NOT NULL,
	`rows_rejected` integer DEFAULT 0 NOT NULL,
	`rows_suppressed` integer DEFAULT 0 NOT NULL,
	`flagged` integer DEFAULT 0 NOT NULL,
	`report` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `imports_site_created` ON `imports` (`site_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `offline_records` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`source_key` text NOT NULL,
	`import_id` text NOT NULL,
	`vid` text,
	`ts` integer NOT NULL,
	`source_label` text NOT NULL,
	`channel` text NOT NULL,
	`lawful_basis` text NOT NULL,
	`profilable` integer DEFAULT 1 NOT NULL,
	`order_id` text,
	`value` real,
	`currency` text,
	`store` text,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `source_key`)
);
--> statement-breakpoint
CREATE INDEX `offline_records_vid` ON `offline_records` (`site_id`,`vid`,`ts`);--> statement-breakpoint
CREATE INDEX `offline_records_import` ON `offline_records` (`site_id`,`import_id`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`merged_into` text,
	`withdrawn_at` integer
);
--> statement-breakpoint
CREATE INDEX `persons_site` ON `persons` (`site_id`,`created_at`);