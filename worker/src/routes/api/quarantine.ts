import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { quarantineReport } from '../../query/quarantine'
import { errorResponses } from './lib/errors'
import { decodeCursor, PageQuery, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

const ItemSchema = z
  .object({
    id: z.number(),
    event_id: z.string().nullable(),
    reason: z.string(),
    detail: z.string().nullable(),
    payload: z.unknown().nullable().openapi({ description: 'Scrubbed, truncated copy of what was received' }),
    created_at: z.number(),
  })
  .openapi('QuarantineItem')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/quarantine',
  tags: ['Quarantine'],
  summary: 'Rejected input kept 30 days: counts per reason and the items themselves (newest first)',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({
      ...PageQuery,
      reason: z.string().max(100).optional(),
      days: z.coerce.number().int().min(1).max(30).default(30),
    }),
  },
  responses: {
    200: {
      description: 'Reasons and items',
      content: {
        'application/json': {
          schema: z
            .object({
              reasons: z.array(z.object({ reason: z.string(), count: z.number(), last_at: z.number() })),
              data: z.array(ItemSchema),
              next_cursor: z.string().nullable(),
            })
            .openapi('Quarantine'),
        },
      },
    },
    ...errorResponses(400, 404),
  },
})

export const quarantine = createRouter().openapi(route, async (c) => {
  const q = c.req.valid('query')
  const cursor = decodeCursor(q.cursor)
  const { reasons, items } = await quarantineReport(c.env.DB, c.get('site').id, {
    since: Date.now() - q.days * 86_400_000,
    beforeId: cursor ? Number(cursor[0]) : null,
    reason: q.reason ?? null,
    limit: q.limit + 1,
  })
  return c.json({ reasons, ...page(items, q.limit, (r) => [r.id]) }, 200)
})
