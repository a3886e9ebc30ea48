import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../../middleware/auth'
import { change, METRICS } from '../../../query/metrics'
import { periodTotals } from '../../../query/stats'
import { cachedJson } from '../lib/cache'
import { errorResponses } from '../lib/errors'
import { bearer, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'
import { comparisonOf, PeriodQuery, PeriodSchema, resolveStatsParams } from '../lib/stats-params'

const MetricValue = z.object({
  value: z.number(),
  previous: z.number().nullable(),
  change: z.number().nullable().openapi({ description: 'Percent change from the previous period' }),
})

const AggregateSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    compare: PeriodSchema.nullable(),
    results: z.object(
      Object.fromEntries(METRICS.map((m) => [m, MetricValue])) as Record<
        (typeof METRICS)[number],
        typeof MetricValue
      >,
    ),
  })
  .openapi('Aggregate')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/stats/aggregate',
  tags: ['Stats'],
  summary: 'Visitors, visits, pageviews, bounce rate, duration, conversions, orders, revenue for a period',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ ...PeriodQuery, compare: z.enum(['previous', 'none']).default('previous') }),
  },
  responses: {
    200: {
      description: 'Totals with the previous period',
      content: { 'application/json': { schema: AggregateSchema } },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...errorResponses(400, 404),
  },
})

export const aggregate = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const prevPeriod = q.compare === 'previous' ? comparisonOf(site, p.period) : null
  const [current, previous] = await Promise.all([
    periodTotals(c.env.DB, site, p.period, p.filters),
    prevPeriod ? periodTotals(c.env.DB, site, prevPeriod, p.filters) : null,
  ])
  const results = Object.fromEntries(
    METRICS.map((m) => [
      m,
      {
        value: current[m],
        previous: previous ? previous[m] : null,
        change: previous ? change(current[m], previous[m]) : null,
      },
    ]),
  )
  const tz = site.timezone
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: tz },
      compare: prevPeriod ? { from: prevPeriod.from, to: prevPeriod.to, timezone: tz } : null,
      results,
    },
    { includesToday: p.includesToday },
  )
})
