CREATE TABLE `bot_counts` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`reason` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`, `reason`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`ts` integer NOT NULL,
	`received_at` integer NOT NULL,
	`vid` text,
	`sid` text,
	`url` text NOT NULL,
	`path` text NOT NULL,
	`title` text,
	`referrer` text,
	`source` text,
	`medium` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_term` text,
	`utm_content` text,
	`country` text,
	`region` text,
	`city` text,
	`device` text,
	`browser` text,
	`os` text,
	`name` text,
	`query` text,
	`results` integer,
	`order_id` text,
	`value` real,
	`currency` text,
	`props` text,
	`flags` text,
	`marketing` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `events_site_ts` ON `events` (`site_id`,`ts`);--> statement-breakpoint
CREATE INDEX `events_site_vid` ON `events` (`site_id`,`vid`,`ts`);--> statement-breakpoint
CREATE TABLE `orders` (
	`site_id` text NOT NULL,
	`order_id` text NOT NULL,
	`event_id` text NOT NULL,
	`vid` text,
	`ts` integer NOT NULL,
	`value` real NOT NULL,
	`currency` text NOT NULL,
	`items` text NOT NULL,
	`source` text,
	PRIMARY KEY(`site_id`, `order_id`)
);
--> statement-breakpoint
CREATE INDEX `orders_site_ts` ON `orders` (`site_id`,`ts`);--> statement-breakpoint
CREATE TABLE `quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text,
	`event_id` text,
	`reason` text NOT NULL,
	`detail` text,
	`payload` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `quarantine_site_created` ON `quarantine` (`site_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `salts` (
	`day` text PRIMARY KEY NOT NULL,
	`salt` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_site` ON `api_keys` (`site_id`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`domains` text DEFAULT '[]' NOT NULL,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`retention_days` integer DEFAULT 395 NOT NULL,
	`consent_mode` text DEFAULT 'opt-in' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
