CREATE INDEX `consent_state_site_updated` ON `consent_state` (`site_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `profiles_site_last_event` ON `profiles` (`site_id`,`last_event_ts`);--> statement-breakpoint
CREATE INDEX `identity_links_site_created` ON `identity_links` (`site_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `offline_records_site_ts` ON `offline_records` (`site_id`,`ts`);--> statement-breakpoint
CREATE INDEX `persons_merged_into` ON `persons` (`site_id`,`merged_into`);