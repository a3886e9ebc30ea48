/**
 * Who is on the site right now: distinct visitors with an event in the last few minutes.
 * Read from raw events through events_site_ts (site_id, ts): a few minutes of one site is a small
 * range, and rollups cannot answer it (they stop at the last cron run's watermark).
 */

import { MINUTE_MS } from '../lib/time'

/** How far back "live" reaches. */
export const LIVE_WINDOW_MS = 5 * MINUTE_MS

export interface LiveCount {
  /** Distinct visitors (by visitor id, or session id when an event has none) with an event since `since`. */
  visitors: number
  pageviews: number
  /** Start of the window (ms since epoch). */
  since: number
}

export async function liveCount(d1: D1Database, siteId: string, now: number): Promise<LiveCount> {
  const since = now - LIVE_WINDOW_MS
  // Event times are the client's (corrected when more than 24 h off), so a clock a little ahead
  // still counts: the window is open towards the future.
  const row = await d1
    .prepare(
      `SELECT count(DISTINCT coalesce(vid, sid)) AS visitors, coalesce(sum(type = 'pageview'), 0) AS pageviews
       FROM events WHERE site_id = ? AND ts >= ?`,
    )
    .bind(siteId, since)
    .first<{ visitors: number; pageviews: number }>()
  return { visitors: row?.visitors ?? 0, pageviews: row?.pageviews ?? 0, since }
}
