import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { daysBetween } from '../../query/period'
import { metricRows } from '../../query/stats'
import type { MetricRow } from '../../query/stats-sql'
import { cachedJson } from './lib/cache'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const Money = z.object({ orders: z.number(), revenue: z.number(), average_order_value: z.number() })
const RevenueSchema = z
  .object({
    site: z.string(),
    currency: z.string(),
    period: PeriodSchema,
    total: Money,
    by_day: z.array(Money.extend({ day: z.string() })),
    by_source: z.array(Money.extend({ source: z.string() })),
    by_product: z.array(Money.extend({ product: z.string(), units: z.number() })),
    by_category: z.array(Money.extend({ category: z.string(), units: z.number() })),
  })
  .openapi('Revenue')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/revenue',
  tags: ['Revenue'],
  summary: 'Orders and revenue by day, source, product and category',
  description:
    'Orders count once per order id. Product and category revenue is price × quantity of the items; order totals may differ (shipping, discounts).',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ ...PeriodQuery, limit: z.coerce.number().int().min(1).max(500).default(50) }),
  },
  responses: {
    200: { description: 'Revenue', content: { 'application/json': { schema: RevenueSchema } } },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

const money = (orders: number, revenue: number) => ({
  orders,
  revenue: Math.round(revenue * 100) / 100,
  average_order_value: orders ? Math.round((100 * revenue) / orders) / 100 : 0,
})

function sumBy(rows: MetricRow[], dim: string, key: (r: MetricRow) => string) {
  const out = new Map<string, { orders: number; revenue: number; units: number }>()
  for (const r of rows.filter((x) => x.dim === dim)) {
    const acc = out.get(key(r)) ?? { orders: 0, revenue: 0, units: 0 }
    acc.orders += Number(r.orders)
    acc.revenue += Number(r.revenue)
    acc.units += Number(r.units)
    out.set(key(r), acc)
  }
  return [...out]
    .filter(([, v]) => v.orders > 0)
    .sort((a, b) => b[1].revenue - a[1].revenue || (a[0] < b[0] ? -1 : 1))
}

export const revenue = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const rows = await metricRows(c.env.DB, site, p.period, {
    dims: ['source', 'product', 'category'],
    bucket: 'day',
    filters: p.filters,
  })
  const days = new Map(sumBy(rows, '', (r) => r.bucket))
  const total = [...days.values()].reduce(
    (a, v) => ({ orders: a.orders + v.orders, revenue: a.revenue + v.revenue }),
    {
      orders: 0,
      revenue: 0,
    },
  )
  const items = (dim: 'product' | 'category') =>
    sumBy(rows, dim, (r) => r.value)
      .slice(0, q.limit)
      .map(([value, v]) => ({ [dim]: value, units: v.units, ...money(v.orders, v.revenue) }))
  return cachedJson(
    c,
    {
      site: site.id,
      currency: site.currency,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      total: money(total.orders, total.revenue),
      by_day: daysBetween(p.period.from, p.period.to).map((day) => {
        const v = days.get(day)
        return { day, ...money(v?.orders ?? 0, v?.revenue ?? 0) }
      }),
      by_source: sumBy(rows, 'source', (r) => r.value)
        .slice(0, q.limit)
        .map(([source, v]) => ({ source, ...money(v.orders, v.revenue) })),
      by_product: items('product'),
      by_category: items('category'),
    },
    { includesToday: p.includesToday },
  )
})
