ALTER TABLE `rollup_state` ADD `partial_day` text;--> statement-breakpoint
ALTER TABLE `rollup_state` ADD `partial_from` integer;--> statement-breakpoint
ALTER TABLE `rollup_state` ADD `partial_until` integer;--> statement-breakpoint
ALTER TABLE `rollup_state` ADD `partial_events` integer;--> statement-breakpoint
ALTER TABLE `rollup_state` ADD `partial_orders` integer;