import { clearCursor, readCursor, writeCursor } from '../db/queries/cursors'
import { DAY_MS } from '../lib/time'

export interface RetentionBudget {
  /** Rows deleted by one statement. */
  chunkRows: number
  /** Statements per run across all sites: bounds one cron invocation. */
  maxChunks: number
}

export const DEFAULT_RETENTION_BUDGET: RetentionBudget = { chunkRows: 2_000, maxChunks: 25 }

/** Deletes at most `limit` events of one site older than `cutoff`; returns how many went. */
async function deleteChunk(d1: D1Database, siteId: string, cutoff: number, limit: number) {
  const r = await d1
    .prepare(
      // events is a WITHOUT ROWID table: select the chunk by its primary key (site_id, id).
      'DELETE FROM events WHERE site_id = ?1 AND id IN (SELECT id FROM events WHERE site_id = ?1 AND ts < ?2 LIMIT ?3)',
    )
    .bind(siteId, cutoff, limit)
    .run()
  return r.meta.changes ?? 0
}

/**
 * Retention purge: raw events older than each site's retention (sites.retention_days, 13 months
 * by default), in bounded chunks. When the budget runs out mid-site, the cursor remembers the
 * site and the next run starts there. (Quarantine rows expire after 30 days in the ingestion
 * area's quarantine-retention job.)
 */
export async function purgeExpired(d1: D1Database, now: number, budget = DEFAULT_RETENTION_BUDGET) {
  let chunks = 0
  const out = { events: 0, sites: 0, done: 1 }
  const { results: sites } = await d1
    .prepare('SELECT id, retention_days FROM sites ORDER BY id')
    .all<{ id: string; retention_days: number }>()
  const resumeAt = await readCursor(d1, 'retention')
  const start =
    resumeAt === null
      ? 0
      : Math.max(
          0,
          sites.findIndex((s) => s.id >= resumeAt),
        )
  for (const site of sites.slice(start)) {
    const cutoff = now - site.retention_days * DAY_MS
    while (true) {
      if (chunks >= budget.maxChunks) {
        out.done = 0
        await writeCursor(d1, 'retention', site.id, now)
        return out
      }
      chunks++
      const n = await deleteChunk(d1, site.id, cutoff, budget.chunkRows)
      out.events += n
      if (n < budget.chunkRows) break
    }
    out.sites++
  }
  await clearCursor(d1, 'retention')
  return out
}
