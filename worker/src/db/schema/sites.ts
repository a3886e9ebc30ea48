import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** One tracked website. `id` is the public site key used in `data-site`. */
export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON string[] of hostnames the site serves (shop.example.com). */
  domains: text('domains', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** JSON string[] of origins allowed to POST /collect (https://shop.example.com). */
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  currency: text('currency').notNull().default('USD'),
  timezone: text('timezone').notNull().default('UTC'),
  retentionDays: integer('retention_days').notNull().default(395),
  /** opt-in (default) | cookieless | opt-out: how the snippet and the worker treat visitors before a choice. */
  consentMode: text('consent_mode').notNull().default('opt-in'),
  /** Per-site knobs (search params, thresholds, quotas, segments, category patterns), validated by zod on write. */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Per-site API keys. Only a SHA-256 hash is kept; the prefix lets a person recognise a key. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    /** JSON ('read' | 'write' | 'admin')[] */
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.hash), index('api_keys_site').on(t.siteId)],
)
