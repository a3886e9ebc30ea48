/**
 * The raw event export: a site's events of a period, read page by page in key order so a stream
 * never holds more than one page.
 */
import { EVENT_COLUMNS } from '../db/rows'

/** Rows per D1 query: 100,000 events take 20 queries, well inside a Worker's query budget. */
export const EXPORT_PAGE = 5_000

/** Every stored event column but the site, in the table's order (one list, kept by ingestion). */
export const EXPORT_EVENT_COLUMNS: string[] = EVENT_COLUMNS.filter((c) => c !== 'site_id')

/** Keyset pagination on (ts, id) along events_site_ts: every page is an index range. */
export const EXPORT_EVENTS_SQL = `SELECT ${EXPORT_EVENT_COLUMNS.join(', ')} FROM events
  WHERE site_id = ?1 AND ts < ?3 AND (ts > ?2 OR (ts = ?2 AND id > ?4))
  ORDER BY ts, id LIMIT ${EXPORT_PAGE}`

export type ExportedEvent = Record<string, unknown> & {
  ts: number
  id: string
  props: string | null
  flags: string | null
}

/** The page of a site's events in [start, end) after `last` (from the start when null); empty at the end. */
export function eventExportPages(d1: D1Database, siteId: string, start: number, end: number) {
  const stmt = d1.prepare(EXPORT_EVENTS_SQL)
  return async (last: ExportedEvent | null) =>
    (await stmt.bind(siteId, last ? last.ts : start, end, last ? last.id : '').all<ExportedEvent>()).results
}
