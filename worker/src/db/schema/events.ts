import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * Stored, sanitized events. The client-made `id` deduplicates retries and queue
 * redeliveries: the primary key (site_id, id) makes INSERT OR IGNORE free.
 * Every extra index costs one more row written per event, so each one must earn its place.
 * Migration 0007 rebuilds this table WITHOUT ROWID (drizzle cannot say so): the primary key is
 * then the table itself, and an event costs 3 rows written (table, by time, by visitor), not 4.
 */
export const events = sqliteTable(
  'events',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    /** Event time (ms since epoch): the client's ts, or the server's when the client clock was > 24 h off. */
    ts: integer('ts').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Client visitor id (analytics consent) or a daily-salted hash (cookieless). */
    vid: text('vid'),
    sid: text('sid'),
    url: text('url').notNull(),
    path: text('path').notNull(),
    title: text('title'),
    referrer: text('referrer'),
    source: text('source'),
    medium: text('medium'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmTerm: text('utm_term'),
    utmContent: text('utm_content'),
    country: text('country'),
    region: text('region'),
    city: text('city'),
    device: text('device'),
    browser: text('browser'),
    os: text('os'),
    /** custom / tagged click event name */
    name: text('name'),
    /** search query */
    query: text('query'),
    results: integer('results'),
    orderId: text('order_id'),
    value: real('value'),
    currency: text('currency'),
    /** JSON object: type-specific fields (items, click target, engagement, props, traits). */
    props: text('props'),
    /** JSON string[]: cleaning flags such as clock_skew or value_mismatch. */
    flags: text('flags'),
    /** Whether the visitor had granted marketing consent when the event was sent. */
    marketing: integer('marketing').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('events_site_ts').on(t.siteId, t.ts),
    index('events_site_vid').on(t.siteId, t.vid, t.ts),
  ],
)

/**
 * One row per (site, order_id): a purchase counts once however often the thank-you page reloads.
 * WITHOUT ROWID since migration 0007, like events.
 */
export const orders = sqliteTable(
  'orders',
  {
    siteId: text('site_id').notNull(),
    orderId: text('order_id').notNull(),
    eventId: text('event_id').notNull(),
    vid: text('vid'),
    ts: integer('ts').notNull(),
    value: real('value').notNull(),
    currency: text('currency').notNull(),
    /** JSON [{ id, name, category, price, quantity }] */
    items: text('items').notNull(),
    source: text('source'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.orderId] }),
    index('orders_site_ts').on(t.siteId, t.ts),
    // An erasure reads and deletes one visitor's orders (consent/erase.ts): without this index each
    // one scans all of the site's orders. With ts it also covers the erasure's read of their days.
    index('orders_site_vid').on(t.siteId, t.vid, t.ts),
  ],
)

/**
 * Rejected or dead-lettered input, scrubbed and truncated, kept 30 days so nothing is dropped silently.
 * `vid` names the visitor the input came from when ingest knew it: the row is then that visitor's
 * data, registered in db/visitor-data.ts, so it is exported and erased with the rest of it.
 */
export const quarantine = sqliteTable(
  'quarantine',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id'),
    vid: text('vid'),
    eventId: text('event_id'),
    reason: text('reason').notNull(),
    detail: text('detail'),
    /** Scrubbed, truncated JSON of what was received. */
    payload: text('payload'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('quarantine_site_created').on(t.siteId, t.createdAt),
    index('quarantine_site_vid').on(t.siteId, t.vid),
  ],
)

/** Bot traffic is counted per site, day and reason, never stored as events. */
export const botCounts = sqliteTable(
  'bot_counts',
  {
    siteId: text('site_id').notNull(),
    day: text('day').notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.reason] })],
)

/**
 * The ids of the bot counts already added to bot_counts (each /collect request gives its count one):
 * a message the queue delivers again adds nothing. Kept as long as a dead letter may be replayed.
 */
export const botReceipts = sqliteTable('bot_receipts', {
  id: text('id').primaryKey(),
  createdAt: integer('created_at').notNull(),
})

/**
 * Queue messages that failed every retry, kept whole so an operator can replay them through the
 * admin API once the cause is fixed (ingest/dead-letter.ts). One row per visitor of a message, so
 * erasure and export find a visitor's rows; the rest of a message (quarantined input, bot counts)
 * is a row without a visitor. Replaying is idempotent: the store's keys ignore what it already has.
 */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** SHA-256 of `body`: the same dead letter delivered twice is one row. */
    key: text('key').notNull(),
    siteId: text('site_id'),
    vid: text('vid'),
    /** The message (or its part for one visitor) as JSON, replayed as is. */
    body: text('body').notNull(),
    /** Events in `body`. */
    events: integer('events').notNull(),
    createdAt: integer('created_at').notNull(),
    /** When it was last sent back to the queue; null while it waits for a replay. */
    replayedAt: integer('replayed_at'),
  },
  (t) => [
    uniqueIndex('dead_letters_key').on(t.key),
    // Erasure and export find a visitor's rows; retention finds a site's oldest.
    index('dead_letters_site_vid').on(t.siteId, t.vid),
    index('dead_letters_site_created').on(t.siteId, t.createdAt),
  ],
)

/** Daily salts for cookieless visitor hashes: rotated daily, deleted after 48 h. */
export const salts = sqliteTable('salts', {
  day: text('day').primaryKey(),
  salt: text('salt').notNull(),
  createdAt: integer('created_at').notNull(),
})

/** Events accepted per site and UTC day: the consumer adds each batch, /collect checks the daily quota. */
export const siteUsage = sqliteTable(
  'site_usage',
  {
    siteId: text('site_id').notNull(),
    day: text('day').notNull(),
    events: integer('events').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
)

/**
 * Events accepted per site, UTC day and client address (ingest/identity.ts: a salted hash) while
 * the site is past half its daily quota: /collect holds each address to its share of the quota
 * (ingest/quota.ts). The consumer adds the events it stores; the salts job deletes a day's rows with its salt.
 */
export const addressUsage = sqliteTable(
  'address_usage',
  {
    siteId: text('site_id').notNull(),
    day: text('day').notNull(),
    address: text('address').notNull(),
    events: integer('events').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.address] })],
)
