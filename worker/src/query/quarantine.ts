import { parseStoredJson } from '../db/json'

/** One rejected input as kept in quarantine (payload parsed back from its scrubbed JSON). */
export interface QuarantineItem {
  id: number
  event_id: string | null
  reason: string
  detail: string | null
  payload: unknown
  created_at: number
}

export interface QuarantineQuery {
  since: number
  /** Only items with a smaller id (the last id of the previous page); null for the newest. */
  beforeId: number | null
  reason: string | null
  limit: number
}

/** A site's quarantined input since `since`: counts per reason, and up to `limit` items, newest first. */
export async function quarantineReport(d1: D1Database, siteId: string, q: QuarantineQuery) {
  const [reasons, items] = await d1.batch([
    d1
      .prepare(
        `SELECT reason, count(*) AS count, max(created_at) AS last_at FROM quarantine
         WHERE site_id = ? AND created_at >= ? GROUP BY reason ORDER BY count DESC, reason`,
      )
      .bind(siteId, q.since),
    d1
      .prepare(
        `SELECT id, event_id, reason, detail, payload, created_at FROM quarantine
         WHERE site_id = ?1 AND created_at >= ?2 AND id < ?3 AND (?4 IS NULL OR reason = ?4)
         ORDER BY id DESC LIMIT ?5`,
      )
      .bind(siteId, q.since, q.beforeId ?? Number.MAX_SAFE_INTEGER, q.reason, q.limit),
  ])
  return {
    reasons: reasons!.results as { reason: string; count: number; last_at: number }[],
    items: (items!.results as (Omit<QuarantineItem, 'payload'> & { payload: string | null })[]).map((r) => ({
      ...r,
      payload: parseStoredJson(r.payload),
    })),
  }
}
