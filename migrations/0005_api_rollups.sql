CREATE TABLE `rollup_daily` (
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
);
--> statement-breakpoint
CREATE TABLE `rollup_dirty` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `rollup_state` (
	`site_id` text PRIMARY KEY NOT NULL,
	`timezone` text NOT NULL,
	`built_through` text,
	`last_run_at` integer,
	`updated_at` integer NOT NULL
);
