import { createRoute, z } from '@hono/zod-openapi'
import { parseStoredJson } from '../../db/json'
import { requireAuth } from '../../middleware/auth'
import { EXPORT_PROFILE_COLUMNS, profileExportPages } from '../../profiling/read'
import { EXPORT_EVENT_COLUMNS, EXPORT_PAGE, eventExportPages } from '../../query/exports'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, resolveStatsParams } from './lib/stats-params'
import { exportHeaders, rowStream } from './lib/stream'

const { filter: _filter, ...periodOnly } = PeriodQuery

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
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams, query: z.object({ ...periodOnly, format: Format }) },
  responses: { 200: streamed('The events'), ...errorResponses(400, 404) },
})

const profilesRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/exports/profiles',
  tags: ['Exports'],
  summary: 'Export every visitor profile as NDJSON or CSV, streamed in chunks',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams, query: z.object({ format: Format }) },
  responses: { 200: streamed('The profiles'), ...errorResponses(400, 404) },
})

export const exportsApi = createRouter()
  .openapi(eventsRoute, (c) => {
    const site = c.get('site')
    const q = c.req.valid('query')
    const p = resolveStatsParams(site, q)
    const body = rowStream(
      q.format,
      EXPORT_EVENT_COLUMNS,
      eventExportPages(c.env.DB, site.id, p.period.start, p.period.end),
      // NDJSON nests props and flags as JSON; CSV keeps them as JSON text in one cell.
      q.format === 'ndjson'
        ? (r) => ({ ...r, props: parseStoredJson(r.props), flags: parseStoredJson(r.flags) })
        : undefined,
    )
    return c.body(body, 200, exportHeaders(q.format, `${site.id}-events-${p.period.from}-${p.period.to}`))
  })
  .openapi(profilesRoute, (c) => {
    const site = c.get('site')
    const { format } = c.req.valid('query')
    const body = rowStream(
      format,
      EXPORT_PROFILE_COLUMNS,
      profileExportPages(c.env.DB, site.id, EXPORT_PAGE),
      format === 'ndjson' ? (r) => ({ ...r, interests: parseStoredJson(r.interests) }) : undefined,
    )
    return c.body(body, 200, exportHeaders(format, `${site.id}-profiles`))
  })
