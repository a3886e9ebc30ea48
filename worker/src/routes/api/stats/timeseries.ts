import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../../middleware/auth'
import { estimate } from '../../../query/hll'
import { deriveMetrics, sumRows } from '../../../query/metrics'
import { daysBetween, hoursOf, monthOf, weekOf } from '../../../query/period'
import { mergeSketches, metricRows, visitorSketches } from '../../../query/stats'
import { cachedJson } from '../lib/cache'
import { badRequest, errorResponses } from '../lib/errors'
import { bearer, MetricsSchema, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from '../lib/stats-params'

const TimeseriesSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    interval: z.enum(['hour', 'day', 'week', 'month']),
    data: z.array(MetricsSchema.extend({ bucket: z.string().openapi({ example: '2026-03-29' }) })),
  })
  .openapi('Timeseries')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/stats/timeseries',
  tags: ['Stats'],
  summary: 'Metrics per hour, day, week (starting Monday) or month, in the site timezone',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ ...PeriodQuery, interval: z.enum(['hour', 'day', 'week', 'month']).default('day') }),
  },
  responses: {
    200: {
      description: 'One point per bucket, empty buckets included',
      content: { 'application/json': { schema: TimeseriesSchema } },
    },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

export const timeseries = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const tz = site.timezone
  const days = daysBetween(p.period.from, p.period.to)
  if (q.interval === 'hour' && days.length > 31)
    throw badRequest('interval: hourly series span at most 31 days')
  const bucket = q.interval === 'hour' ? 'hour' : 'day'
  const [rows, sketches] = await Promise.all([
    metricRows(c.env.DB, site, p.period, { dims: [], bucket, filters: p.filters }),
    q.interval === 'week' || q.interval === 'month'
      ? visitorSketches(c.env.DB, site, p.period, p.filters)
      : null,
  ])
  const group = q.interval === 'week' ? weekOf : q.interval === 'month' ? monthOf : (d: string) => d
  const labels = q.interval === 'hour' ? hoursOf(p.period, tz) : [...new Set(days.map(group))]
  const byBucket = new Map<string, typeof rows>()
  for (const r of rows) {
    const key = q.interval === 'hour' ? r.bucket : group(r.bucket)
    byBucket.set(key, [...(byBucket.get(key) ?? []), r])
  }
  const data = labels.map((label) => {
    const sums = sumRows(byBucket.get(label) ?? [])
    // Hours and days count distinct visitors exactly; weeks and months merge daily sketches.
    const visitors = sketches
      ? estimate(mergeSketches(days.filter((d) => group(d) === label).flatMap((d) => sketches.get(d) ?? [])))
      : sums.visitors
    return { bucket: label, ...deriveMetrics(sums, visitors) }
  })
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: tz },
      interval: q.interval,
      data,
    },
    { includesToday: p.includesToday },
  )
})
