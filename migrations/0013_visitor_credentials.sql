CREATE TABLE `visitor_credentials` (
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`secret_hash` text NOT NULL,
	`bound_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `vid`)
);
