import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { MAX_BASKETS, productAssociations } from '../../query/associations'
import { cachedJson } from './lib/cache'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery

const AssociationsSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    orders: z.number().openapi({ description: 'Orders the rules were mined from' }),
    truncated: z.boolean().openapi({
      description: `True when the period held more than ${MAX_BASKETS} orders (the newest were used)`,
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
  middleware: [requireAuth('read'), pathSite] as const,
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
  const mined = await productAssociations(c.env.DB, site.id, p.period.start, p.period.end, {
    minSupport: q.min_support,
    minConfidence: q.min_confidence,
    limit: q.limit,
  })
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      ...mined,
    },
    { includesToday: p.includesToday },
  )
})
