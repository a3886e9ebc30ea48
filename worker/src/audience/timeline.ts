/**
 * The events part of a timeline, shared by the visitor view and the person view: the newest events
 * of one visitor id or of a person's ids, web and server events alike.
 */

/** What a timeline shows of one stored event (JSON columns as stored text). */
export interface TimelineEventRow {
  id: string
  type: string
  ts: number
  vid: string
  sid: string | null
  url: string
  path: string
  title: string | null
  source: string | null
  name: string | null
  query: string | null
  order_id: string | null
  value: number | null
  currency: string | null
  props: string | null
  flags: string | null
}

const COLUMNS =
  'id, type, ts, vid, sid, url, path, title, source, name, query, order_id, value, currency, props, flags'

/**
 * The statement reading the newest `limit` events of `vids`, newest first, for a caller's D1 batch.
 * One id reads along events_site_vid (site_id, vid, ts) in index order and stops at the limit;
 * several ids are read in full and sorted, since their rows interleave in time.
 */
export function timelineEventsStatement(d1: D1Database, siteId: string, vids: string[], limit: number) {
  const [only] = vids
  return vids.length === 1
    ? d1
        .prepare(`SELECT ${COLUMNS} FROM events WHERE site_id = ?1 AND vid = ?2 ORDER BY ts DESC LIMIT ?3`)
        .bind(siteId, only, limit)
    : d1
        .prepare(
          `SELECT ${COLUMNS} FROM events
           WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2)) ORDER BY ts DESC LIMIT ?3`,
        )
        .bind(siteId, JSON.stringify(vids), limit)
}
