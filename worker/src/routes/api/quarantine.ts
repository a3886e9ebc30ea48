import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { errorResponses } from './lib/errors'
import { decodeCursor, PageQuery, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'

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
  middleware: [requireAuth('read'), loadSite] as const,
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
  const site = c.get('site')
  const q = c.req.valid('query')
  const since = Date.now() - q.days * 86_400_000
  const cursor = decodeCursor(q.cursor)
  const beforeId = cursor ? Number(cursor[0]) : Number.MAX_SAFE_INTEGER
  const d1 = c.env.DB
  const [reasons, items] = await d1.batch([
    d1
      .prepare(
        `SELECT reason, count(*) AS count, max(created_at) AS last_at FROM quarantine
         WHERE site_id = ? AND created_at >= ? GROUP BY reason ORDER BY count DESC, reason`,
      )
      .bind(site.id, since),
    d1
      .prepare(
        `SELECT id, event_id, reason, detail, payload, created_at FROM quarantine
         WHERE site_id = ?1 AND created_at >= ?2 AND id < ?3 AND (?4 IS NULL OR reason = ?4)
         ORDER BY id DESC LIMIT ?5`,
      )
      .bind(site.id, since, beforeId, q.reason ?? null, q.limit + 1),
  ])
  const parsed = (
    items!.results as {
      id: number
      event_id: string | null
      reason: string
      detail: string | null
      payload: string | null
      created_at: number
    }[]
  ).map((r) => {
    let payload: unknown = r.payload
    try {
      payload = r.payload === null ? null : JSON.parse(r.payload)
    } catch {}
    return { ...r, payload }
  })
  return c.json(
    {
      reasons: reasons!.results as { reason: string; count: number; last_at: number }[],
      ...page(parsed, q.limit, (r) => [r.id]),
    },
    200,
  )
})
