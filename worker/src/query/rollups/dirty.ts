/**
 * Marks in rollup_dirty: the (site, local day) rows whose raw events or orders changed behind the
 * rollup cron's back — an import of old sales, an erasure, a server's backfill stored with its own
 * timestamps (ingest/backfill.ts) — so that its next run rebuilds those days (query/rollups/build.ts). A writer puts the marking statement in the same D1 batch as its write:
 * a batch is one transaction, so no write can land without its mark.
 */
import { offsetSpans } from '../period'
import { bucketExpr } from '../stats-sql'

/** The tables rollup_daily is computed from (query/stats-sql.ts): a change to them moves figures. */
export const ROLLED_UP_TABLES: readonly string[] = ['events', 'orders']

/**
 * SQL that marks the local day (in `timezone`) of every row `rows` selects. `rows` is a SELECT
 * with columns `site_id` and `ts`, whose parameters the caller binds; `where` may filter them
 * further (an erasure's guard). Day boundaries follow the offsets in force across `range` (the
 * instants the rows are known to lie in), exact across DST switches; a row outside it (stored
 * after the range was read) takes the offset at the nearer end of the range, so it is still
 * marked.
 */
export function markDirtyDaysSql(
  rows: string,
  timezone: string,
  range: { start: number; end: number },
  where = '1',
): string {
  const day = bucketExpr('ts', 'day', offsetSpans(range.start, range.end, timezone))
  return `INSERT OR IGNORE INTO rollup_dirty (site_id, day)
    SELECT DISTINCT site_id, ${day} FROM (${rows}) WHERE ${where}`
}
