import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { associationRules } from '../../query/associations'
import { cachedJson } from './lib/cache'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery
/** Baskets read per request: bounds memory and D1 rows read on very large shops. */
const MAX_ORDERS = 50_000

const AssociationsSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    orders: z.number().openapi({ description: 'Orders the rules were mined from' }),
    truncated: z.boolean().openapi({
      description: `True when the period held more than ${MAX_ORDERS} orders (the newest were used)`,
    }),
    rules: z.array(
      z.object({
        antecedent: z.string(),
        consequent: z.string(),
        orders: z.number(),
        support: z.number(),
        confidence: z.number(),
        lift: z.number(),
      }),
    ),
  })
  .openapi('Associations')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/associations',
  tags: ['Revenue'],
  summary: 'Frequently bought together: product association rules with support, confidence and lift',
  security: bearer,
  middleware: [requireAuth('read'), loadSite] as const,
  request: {
    params: SiteParams,
    query: z.object({
      ...periodOnly,
      min_support: z.coerce.number().min(0).max(1).default(0.01),
      min_confidence: z.coerce.number().min(0).max(1).default(0.1),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: {
      description: 'Rules, highest lift first',
      content: { 'application/json': { schema: AssociationsSchema } },
    },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

export const associations = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  // One row per order: its distinct product names (or ids), via the orders_site_ts index.
  const { results } = await c.env.DB.prepare(
    `SELECT (SELECT json_group_array(DISTINCT coalesce(i.value ->> '$.name', i.value ->> '$.id'))
             FROM json_each(CASE WHEN json_valid(o.items) THEN o.items ELSE '[]' END) i) AS items
     FROM orders o WHERE o.site_id = ? AND o.ts >= ? AND o.ts < ? ORDER BY o.ts DESC LIMIT ?`,
  )
    .bind(site.id, p.period.start, p.period.end, MAX_ORDERS + 1)
    .all<{ items: string }>()
  const baskets = results
    .slice(0, MAX_ORDERS)
    .map((r) => (JSON.parse(r.items) as (string | null)[]).filter((x) => x !== null))
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      orders: baskets.length,
      truncated: results.length > MAX_ORDERS,
      rules: associationRules(baskets, {
        minSupport: q.min_support,
        minConfidence: q.min_confidence,
        limit: q.limit,
      }),
    },
    { includesToday: p.includesToday },
  )
})
