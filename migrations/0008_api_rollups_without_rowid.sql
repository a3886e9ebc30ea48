-- rollup_daily and rollup_dirty are keyed by their composite primary keys. As rowid tables every
-- row also wrote the primary key's own index; WITHOUT ROWID the key is the table: one row written
-- per rollup row, and a 30-day read of one dimension is one contiguous range of the table itself.
-- Columns and names stay exactly as before.
CREATE TABLE `rollup_daily_new` (
	`site_id` text NOT NULL,
	`dim` text NOT NULL,
	`day` text NOT NULL,
	`value` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`bounces` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`revenue` real DEFAULT 0 NOT NULL,
	`units` integer DEFAULT 0 NOT NULL,
	`zero_results` integer DEFAULT 0 NOT NULL,
	`sketch` text,
	PRIMARY KEY(`site_id`, `dim`, `day`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `rollup_daily_new` SELECT * FROM `rollup_daily`;
--> statement-breakpoint
DROP TABLE `rollup_daily`;
--> statement-breakpoint
ALTER TABLE `rollup_daily_new` RENAME TO `rollup_daily`;
--> statement-breakpoint
CREATE TABLE `rollup_dirty_new` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `rollup_dirty_new` SELECT * FROM `rollup_dirty`;
--> statement-breakpoint
DROP TABLE `rollup_dirty`;
--> statement-breakpoint
ALTER TABLE `rollup_dirty_new` RENAME TO `rollup_dirty`;
