CREATE TABLE `survey_responses` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`survey_id` text NOT NULL,
	`vid` text,
	`language` text NOT NULL,
	`status` text NOT NULL,
	`attributes` text NOT NULL,
	`tokens` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `survey_responses_survey` ON `survey_responses` (`site_id`,`survey_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_vid` ON `survey_responses` (`site_id`,`vid`);--> statement-breakpoint
CREATE INDEX `survey_responses_started` ON `survey_responses` (`site_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `survey_turns` (
	`site_id` text NOT NULL,
	`response_id` text NOT NULL,
	`n` integer NOT NULL,
	`vid` text,
	`question` text,
	`clarified` integer DEFAULT false NOT NULL,
	`answer` text,
	`feedback` text,
	`extracted` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`fallback` text,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	PRIMARY KEY(`site_id`, `response_id`, `n`)
);
--> statement-breakpoint
CREATE INDEX `survey_turns_site_created` ON `survey_turns` (`site_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `survey_turns_vid` ON `survey_turns` (`site_id`,`vid`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`goal` text NOT NULL,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `surveys_site_status` ON `surveys` (`site_id`,`status`);