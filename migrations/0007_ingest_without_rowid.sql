-- events and orders are keyed by (site_id, id) and (site_id, order_id). As rowid tables each
-- insert wrote the table row plus the primary key's own index; WITHOUT ROWID the primary key is
-- the table, saving one written row per event and per order (D1 bills and waits per row written).
-- Columns, names and indexes stay exactly as before.
CREATE TABLE `events_new` (
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
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `events_new` SELECT * FROM `events`;
--> statement-breakpoint
DROP TABLE `events`;
--> statement-breakpoint
ALTER TABLE `events_new` RENAME TO `events`;
--> statement-breakpoint
CREATE INDEX `events_site_ts` ON `events` (`site_id`,`ts`);
--> statement-breakpoint
CREATE INDEX `events_site_vid` ON `events` (`site_id`,`vid`,`ts`);
--> statement-breakpoint
CREATE TABLE `orders_new` (
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
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `orders_new` SELECT * FROM `orders`;
--> statement-breakpoint
DROP TABLE `orders`;
--> statement-breakpoint
ALTER TABLE `orders_new` RENAME TO `orders`;
--> statement-breakpoint
CREATE INDEX `orders_site_ts` ON `orders` (`site_id`,`ts`);
