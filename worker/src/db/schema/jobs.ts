import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Who runs a piece of work that must not run twice at once (a cron job, a site's profiling run).
 * A lease expires by itself, so a run that crashed without giving it back blocks others only
 * until `expires_at`.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  /** A random id per run: only the holder gives the lease back. */
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
})
