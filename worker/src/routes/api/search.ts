import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { sumRows } from '../../query/metrics'
import { metricRows } from '../../query/stats'
import type { MetricRow } from '../../query/stats-sql'
import { cachedJson } from './lib/cache'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const Term = z.object({
  term: z.string(),
  searches: z.number(),
  visitors: z.number(),
  zero_results: z.number(),
})
const SearchSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    top_terms: z.array(Term),
    zero_result_terms: z.array(Term),
    conversion: z.object({
      searching_visits: z.number(),
      converted_visits: z.number(),
      rate: z.number().openapi({ description: 'Percent of visits with a search that also purchased' }),
      site_rate: z.number().openapi({ description: 'Percent of all visits that purchased, for comparison' }),
    }),
  })
  .openapi('SearchInsights')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/search',
  tags: ['Search'],
  summary: 'Site search: top terms, terms without results, search-to-purchase conversion',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ ...PeriodQuery, limit: z.coerce.number().int().min(1).max(500).default(20) }),
  },
  responses: {
    200: { description: 'Search insights', content: { 'application/json': { schema: SearchSchema } } },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0)

export const search = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const searching = [...p.filters, { dimension: 'event' as const, op: 'is' as const, value: 'search' }]
  const [terms, all, withSearch] = await Promise.all([
    metricRows(c.env.DB, site, p.period, {
      dims: ['search'],
      bucket: 'day',
      filters: p.filters,
      withTotals: false,
    }),
    metricRows(c.env.DB, site, p.period, { dims: [], bucket: 'day', filters: p.filters }),
    metricRows(c.env.DB, site, p.period, { dims: [], bucket: 'day', filters: searching }),
  ])
  const byTerm = new Map<string, MetricRow[]>()
  for (const r of terms) byTerm.set(r.value, [...(byTerm.get(r.value) ?? []), r])
  const list = [...byTerm].map(([term, rows]) => {
    const s = sumRows(rows)
    return { term, searches: s.events, visitors: s.visitors, zero_results: s.zero_results }
  })
  const order = (a: (typeof list)[number], b: (typeof list)[number]) =>
    b.searches - a.searches || (a.term < b.term ? -1 : 1)
  const siteTotals = sumRows(all.filter((r) => r.dim === ''))
  const searchTotals = sumRows(withSearch.filter((r) => r.dim === ''))
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      top_terms: [...list].sort(order).slice(0, q.limit),
      zero_result_terms: list
        .filter((t) => t.zero_results > 0)
        .sort((a, b) => b.zero_results - a.zero_results || order(a, b))
        .slice(0, q.limit),
      conversion: {
        searching_visits: searchTotals.visits,
        converted_visits: searchTotals.conversions,
        rate: pct(searchTotals.conversions, searchTotals.visits),
        site_rate: pct(siteTotals.conversions, siteTotals.visits),
      },
    },
    { includesToday: p.includesToday },
  )
})
