import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Daily rollups, per site, local day (site timezone), dimension and value, written by the rollup
 * cron job (query/rollups/build.ts) from the metric SQL in query/stats-sql.ts. `dim` '' / `value` '' is
 * the site total, which also carries the day's HyperLogLog visitor sketch.
 *
 * The primary key (site_id, dim, day, value) is the only index: a breakdown over N days reads
 * N × values rows by range, and totals read N rows. The table is WITHOUT ROWID (migration 0008,
 * which drizzle cannot express): the key is the table, one row written per rollup row.
 */
export const rollupDaily = sqliteTable(
  'rollup_daily',
  {
    siteId: text('site_id').notNull(),
    dim: text('dim').notNull(),
    day: text('day').notNull(),
    value: text('value').notNull(),
    /** Distinct visitors that day (summing across days counts a returning visitor once per day). */
    visitors: integer('visitors').notNull().default(0),
    visits: integer('visits').notNull().default(0),
    pageviews: integer('pageviews').notNull().default(0),
    events: integer('events').notNull().default(0),
    bounces: integer('bounces').notNull().default(0),
    durationMs: integer('duration_ms').notNull().default(0),
    conversions: integer('conversions').notNull().default(0),
    orders: integer('orders').notNull().default(0),
    revenue: real('revenue').notNull().default(0),
    units: integer('units').notNull().default(0),
    zeroResults: integer('zero_results').notNull().default(0),
    /** HyperLogLog registers of the day's visitor ids (totals row only), see query/hll.ts. */
    sketch: text('sketch'),
    /**
     * Totals row of a whole day only: the events rows stamped that day when it was rolled up. A
     * later run compares it (and `orders`) with a fresh index count and rebuilds the day only when
     * either moved: a late arrival, or an erasure.
     */
    rawEvents: integer('raw_events'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.dim, t.day, t.value] })],
)

/**
 * How far each site is rolled up. Days up to `builtThrough` (local, in `timezone`) come from
 * rollup_daily; so does `partialDay` (today) up to the instant `partialUntil`; later rows are read
 * raw. A timezone change invalidates the site's rollups.
 */
export const rollupState = sqliteTable('rollup_state', {
  siteId: text('site_id').primaryKey(),
  timezone: text('timezone').notNull(),
  builtThrough: text('built_through'),
  /** When the last run finished building: events received after it may land up to 25 h back. */
  lastRunAt: integer('last_run_at'),
  updatedAt: integer('updated_at').notNull(),
  /** The day after builtThrough, rolled up from `partialFrom` (its local midnight) to `partialUntil`. */
  partialDay: text('partial_day'),
  partialFrom: integer('partial_from'),
  partialUntil: integer('partial_until'),
  /**
   * Events and orders in [partialFrom, partialUntil) when the partial day was built: a query that
   * counts a different number sees a late arrival (or an erasure) and reads the day raw.
   */
  partialEvents: integer('partial_events'),
  partialOrders: integer('partial_orders'),
})

/**
 * Days whose raw rows changed behind the cron's back (imports with old timestamps, erasure):
 * any area may insert (site_id, day) here and the next run rebuilds them.
 */
export const rollupDirty = sqliteTable(
  'rollup_dirty',
  {
    siteId: text('site_id').notNull(),
    day: text('day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
)
