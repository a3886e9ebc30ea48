import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { dataQuality } from '../../query/data-quality'
import { cachedJson } from './lib/cache'
import { errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery

const DataQualitySchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    bots: z.object({
      total: z.number().openapi({ description: 'Events refused at /collect as automation' }),
      by_reason: z.array(
        z.object({
          reason: z.string().openapi({ example: 'bot_user_agent' }),
          count: z.number(),
        }),
      ),
    }),
    consent: z.object({
      records: z.number(),
      gpc: z.number().openapi({ description: 'Consent records made with Global Privacy Control on' }),
      gpc_share: z.number().openapi({ description: 'Percent of consent records with GPC' }),
    }),
  })
  .openapi('DataQuality')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/data-quality',
  tags: ['Quarantine'],
  summary: 'Bots filtered (per reason) and the share of consent records with Global Privacy Control',
  description:
    'Bots are counted per UTC day at /collect, so a period takes the UTC days its local days touch. Quarantined input is at /quarantine.',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams, query: z.object(periodOnly) },
  responses: {
    200: {
      description: 'Bots and GPC',
      content: { 'application/json': { schema: DataQualitySchema } },
    },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

export const dataQualityApi = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const p = resolveStatsParams(site, c.req.valid('query'))
  const result = await dataQuality(c.env.DB, site.id, p.period)
  return cachedJson(
    c,
    { site: site.id, period: { from: p.period.from, to: p.period.to, timezone: site.timezone }, ...result },
    { includesToday: p.includesToday },
  )
})
