import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * Every version of a site's privacy notice: the fact sheet it was written from, the notice in each
 * language, and who wrote it (model, repair or template) at what cost. A version is the sheet's hash
 * plus the time it was generated. At most one version per site is `published` (in force); a newer one
 * waits as a `draft` until the owner publishes it, unless the site auto-publishes. The consent log
 * names the version in force at each decision.
 */
export const privacyNotices = sqliteTable(
  'privacy_notices',
  {
    siteId: text('site_id').notNull(),
    /** `<first 12 hex of the sheet hash>-<generation time, compact ISO UTC>` */
    version: text('version').notNull(),
    /** SHA-256 of the fact sheet: the cron writes a new version when the live sheet's hash differs. */
    sheetHash: text('sheet_hash').notNull(),
    /** JSON: the fact sheet's facts. */
    facts: text('facts', { mode: 'json' }).$type<unknown[]>().notNull(),
    /** JSON { lang: { body, source, fallback, problems } }: the notice in every banner language. */
    notices: text('notices', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** draft | published | retired */
    status: text('status').notNull(),
    /** rules | workers-ai | openai-compatible: what was asked to write it. */
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    calls: integer('calls').notNull().default(0),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    publishedAt: integer('published_at'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.version] }),
    index('privacy_notices_site_created').on(t.siteId, t.createdAt),
    uniqueIndex('privacy_notices_in_force').on(t.siteId).where(sql`status = 'published'`),
  ],
)

/**
 * What visitors ask about on the privacy page, as counts of topics per day: the question itself is
 * scrubbed, answered and dropped, never stored.
 */
export const privacyQuestionTopics = sqliteTable(
  'privacy_question_topics',
  {
    siteId: text('site_id').notNull(),
    /** UTC day, YYYY-MM-DD */
    day: text('day').notNull(),
    topic: text('topic').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.topic] })],
)
