/**
 * Rows stamped long before they are stored: a server source sending its own timestamps (Segment,
 * RequestContext.trustedTimestamp) may backfill last month's orders. The rollup cron re-checks only
 * the days a late event can still reach (query/rollups/build.ts, LATE_ARRIVAL_MS); an older day it rolled up
 * is never looked at again, so such rows would never reach its figures. The store step therefore
 * marks their local days in rollup_dirty (query/rollups/dirty.ts) in the batch that inserts them.
 *
 * Browser events cannot be that old (the pipeline replaces a clock more than 24 h off with the
 * receive time), so ordinary traffic takes the early return: no read, no statement.
 */
import { jsonChunks, UNSTORED_ROWS_JSON } from '../db/queries/events'
import { markDirtyDaysSql } from '../query/rollups/dirty'
import { LATE_ARRIVAL_MS } from '../query/rollups/build'
import type { EventRow } from './row'

/**
 * Rows stamped before now − this are marked. The next cron run re-checks every day from its
 * previous run − LATE_ARRIVAL_MS on; that run began at the latest while this batch was being
 * written, which the 5 minutes cover, so every row not marked lies in a day it re-checks.
 */
export const BACKFILL_AGE_MS = LATE_ARRIVAL_MS - 5 * 60_000

/**
 * Statements that mark the local days of the rows stamped before now − BACKFILL_AGE_MS, to run
 * before the inserts in the same batch: only rows those inserts will write are marked (a resent
 * backfill marks nothing). One read of the sites' timezones when there are such rows; none when not.
 */
export async function backfillMarks(
  d1: D1Database,
  rows: readonly EventRow[],
  now: number,
): Promise<D1PreparedStatement[]> {
  const before = now - BACKFILL_AGE_MS
  const bySite = new Map<string, EventRow[]>()
  for (const r of rows) {
    if (r.ts >= before) continue
    const site = bySite.get(r.site_id)
    if (site) site.push(r)
    else bySite.set(r.site_id, [r])
  }
  if (bySite.size === 0) return []
  const { results: sites } = await d1
    .prepare('SELECT id, timezone FROM sites WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...bySite.keys()]))
    .all<{ id: string; timezone: string }>()
  const statements: D1PreparedStatement[] = []
  for (const { id, timezone } of sites) {
    const old = bySite.get(id)!
    const range = { start: old[0]!.ts, end: old[0]!.ts + 1 }
    for (const r of old) {
      range.start = Math.min(range.start, r.ts)
      range.end = Math.max(range.end, r.ts + 1)
    }
    const sql = markDirtyDaysSql(UNSTORED_ROWS_JSON, timezone, range)
    // Only what the lookups need: a small parameter, not the rows again.
    const keys = old.map(({ site_id, id, ts, type, order_id }) => ({ site_id, id, ts, type, order_id }))
    for (const chunk of jsonChunks(keys)) statements.push(d1.prepare(sql).bind(chunk))
  }
  return statements
}
