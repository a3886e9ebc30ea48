import { createRoute, z } from '@hono/zod-openapi'
import { EVENT_COLUMNS } from '../../db/rows'
import { requireAuth } from '../../middleware/auth'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'
import { PeriodQuery, resolveStatsParams } from './lib/stats-params'
import { exportHeaders, rowStream } from './lib/stream'
import { PROFILE_COLUMNS } from '../../profiling/read'

const { filter: _filter, ...periodOnly } = PeriodQuery
/** Rows per D1 query: 100,000 events take 20 queries, well inside a Worker's query budget. */
const PAGE = 5_000

/** Every stored event column but the site, in the table's order (one list, kept by ingestion). */
const EXPORT_COLUMNS: string[] = EVENT_COLUMNS.filter((c) => c !== 'site_id')

/** Keyset pagination on (ts, id) along events_site_ts: every page is an index range. */
export const EXPORT_EVENTS_SQL = `SELECT ${EXPORT_COLUMNS.join(', ')} FROM events
  WHERE site_id = ?1 AND ts < ?3 AND (ts > ?2 OR (ts = ?2 AND id > ?4))
  ORDER BY ts, id LIMIT ${PAGE}`

const Format = z.enum(['ndjson', 'csv']).default('ndjson')
const streamed = (description: string) => ({
  description,
  content: {
    'application/x-ndjson': { schema: z.string().openapi({ description: 'One JSON object per line' }) },
    'text/csv': { schema: z.string().openapi({ description: 'Header row, then one row per record' }) },
  },
})

const eventsRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/exports/events',
  tags: ['Exports'],
  summary: 'Export raw events of a period as NDJSON or CSV, streamed in chunks (oldest first)',
  security: bearer,
  middleware: [requireAuth('read'), loadSite] as const,
  request: { params: SiteParams, query: z.object({ ...periodOnly, format: Format }) },
  responses: { 200: streamed('The events'), ...errorResponses(400, 404) },
})

const profilesRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/exports/profiles',
  tags: ['Exports'],
  summary: 'Export every visitor profile as NDJSON or CSV, streamed in chunks',
  security: bearer,
  middleware: [requireAuth('read'), loadSite] as const,
  request: { params: SiteParams, query: z.object({ format: Format }) },
  responses: { 200: streamed('The profiles'), ...errorResponses(400, 404) },
})

type EventRow = Record<string, unknown> & {
  ts: number
  id: string
  props: string | null
  flags: string | null
}
const parseJson = (s: string | null) => {
  if (s === null) return null
  try {
    return JSON.parse(s)
  } catch {
    return s
  }
}

export const exportsApi = createRouter()
  .openapi(eventsRoute, (c) => {
    const site = c.get('site')
    const q = c.req.valid('query')
    const p = resolveStatsParams(site, q)
    const d1 = c.env.DB
    const stmt = d1.prepare(EXPORT_EVENTS_SQL)
    const body = rowStream<EventRow>(
      q.format,
      EXPORT_COLUMNS,
      async (last) =>
        (
          await stmt
            .bind(site.id, last ? last.ts : p.period.start, p.period.end, last ? last.id : '')
            .all<EventRow>()
        ).results,
      // NDJSON nests props and flags as JSON; CSV keeps them as JSON text in one cell.
      q.format === 'ndjson'
        ? (r) => ({ ...r, props: parseJson(r.props), flags: parseJson(r.flags) })
        : undefined,
    )
    return c.body(body, 200, exportHeaders(q.format, `${site.id}-events-${p.period.from}-${p.period.to}`))
  })
  .openapi(profilesRoute, (c) => {
    const site = c.get('site')
    const { format } = c.req.valid('query')
    const columns = PROFILE_COLUMNS.split(', ')
    const stmt = c.env.DB.prepare(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE site_id = ? AND vid > ? ORDER BY vid LIMIT ${PAGE}`,
    )
    const body = rowStream<Record<string, unknown> & { vid: string; interests: string }>(
      format,
      columns,
      async (last) =>
        (
          await stmt
            .bind(site.id, last ? last.vid : '')
            .all<Record<string, unknown> & { vid: string; interests: string }>()
        ).results,
      format === 'ndjson' ? (r) => ({ ...r, interests: parseJson(r.interests) }) : undefined,
    )
    return c.body(body, 200, exportHeaders(format, `${site.id}-profiles`))
  })
