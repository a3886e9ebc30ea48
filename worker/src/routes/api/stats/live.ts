import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../../middleware/auth'
import { LIVE_WINDOW_MS, liveCount } from '../../../query/live'
import { errorResponses } from '../lib/errors'
import { bearer, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'

const LiveSchema = z
  .object({
    site: z.string(),
    window_minutes: z.number(),
    since: z.number().openapi({ description: 'Start of the window, ms since epoch' }),
    visitors: z.number().openapi({ description: 'Distinct visitors with an event in the window' }),
    pageviews: z.number(),
  })
  .openapi('Live')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/stats/live',
  tags: ['Stats'],
  summary: `Visitors active in the last ${LIVE_WINDOW_MS / 60_000} minutes`,
  description: 'Read from raw events, never cached: every call counts what has been stored so far.',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams },
  responses: {
    200: { description: 'The live count', content: { 'application/json': { schema: LiveSchema } } },
    ...errorResponses(404),
  },
})

export const live = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const count = await liveCount(c.env.DB, site.id, Date.now())
  c.header('cache-control', 'no-store')
  return c.json({ site: site.id, window_minutes: LIVE_WINDOW_MS / 60_000, ...count }, 200)
})
