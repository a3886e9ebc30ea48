CREATE TABLE `job_cursors` (
	`job` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `personas` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`needs` text NOT NULL,
	`action` text NOT NULL,
	`size` integer NOT NULL,
	`centroid` text NOT NULL,
	`centroid_hash` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`run_id` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `profiles` (
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`persona_id` text,
	`segment` text NOT NULL,
	`lifecycle` text NOT NULL,
	`interests` text NOT NULL,
	`purchase_intent` real NOT NULL,
	`price_sensitivity` text NOT NULL,
	`preferred_channel` text NOT NULL,
	`summary` text NOT NULL,
	`next_best_action` text NOT NULL,
	`features` text NOT NULL,
	`feature_hash` text NOT NULL,
	`last_event_ts` integer NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`fallback` text,
	`run_id` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `vid`)
);
--> statement-breakpoint
CREATE INDEX `profiles_site_segment` ON `profiles` (`site_id`,`segment`);--> statement-breakpoint
CREATE TABLE `profiling_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`trigger` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`candidates` integer DEFAULT 0 NOT NULL,
	`profiled` integer DEFAULT 0 NOT NULL,
	`skipped_unchanged` integer DEFAULT 0 NOT NULL,
	`deferred` integer DEFAULT 0 NOT NULL,
	`fallbacks` integer DEFAULT 0 NOT NULL,
	`personas` integer DEFAULT 0 NOT NULL,
	`model_calls` integer DEFAULT 0 NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `profiling_runs_site_started` ON `profiling_runs` (`site_id`,`started_at`);