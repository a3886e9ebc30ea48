import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../../middleware/auth'
import { isDimension } from '../../../query/dimensions'
import { deriveMetrics, METRICS, sumRows } from '../../../query/metrics'
import { metricRows } from '../../../query/stats'
import type { MetricRow } from '../../../query/stats-sql'
import { cachedJson } from '../lib/cache'
import { badRequest, errorResponses } from '../lib/errors'
import { decodeCursor, PageQuery, page } from '../lib/pagination'
import { bearer, MetricsSchema, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from '../lib/stats-params'

const BreakdownSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    dimension: z.string(),
    data: z.array(
      MetricsSchema.extend({
        value: z.string(),
        units: z.number().openapi({ description: 'Items sold (product, category)' }),
        zero_results: z.number().openapi({ description: 'Searches without results (search)' }),
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi('Breakdown')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/stats/breakdown',
  tags: ['Stats'],
  summary: 'Metrics per value of one dimension',
  description:
    'Dimensions: page, entry_page, exit_page, source, medium, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, country, region, city, device, browser, os, event, prop:<key>, search, product, category. Session dimensions attribute a whole visit to its entry value. Visitors per value over several days add up daily unique visitors.',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({
      ...PeriodQuery,
      ...PageQuery,
      dimension: z.string().openapi({ example: 'page' }),
      sort: z.enum(METRICS).default('visitors'),
    }),
  },
  responses: {
    200: {
      description: 'Values sorted by `sort`, descending',
      content: { 'application/json': { schema: BreakdownSchema } },
    },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

export const breakdown = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  if (!isDimension(q.dimension)) throw badRequest(`dimension: unknown dimension "${q.dimension}"`)
  const p = resolveStatsParams(site, q)
  const rows = await metricRows(c.env.DB, site, p.period, {
    dims: [q.dimension],
    bucket: 'day',
    filters: p.filters,
    withTotals: false,
  })
  const byValue = new Map<string, MetricRow[]>()
  for (const r of rows) byValue.set(r.value, [...(byValue.get(r.value) ?? []), r])
  const all = [...byValue].map(([value, list]) => {
    const sums = sumRows(list)
    return { value, ...deriveMetrics(sums), units: sums.units, zero_results: sums.zero_results }
  })
  all.sort((a, b) => b[q.sort] - a[q.sort] || (a.value < b.value ? -1 : 1))
  const offset = Number(decodeCursor(q.cursor)?.[0] ?? 0)
  const result = page(all.slice(offset), q.limit, () => [offset + q.limit])
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      dimension: q.dimension,
      ...result,
    },
    { includesToday: p.includesToday },
  )
})
