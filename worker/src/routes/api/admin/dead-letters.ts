import { createRoute, z } from '@hono/zod-openapi'
import { createMiddleware } from 'hono/factory'
import { type DeadLetterSummary, listDeadLetters, replayDeadLetters } from '../../../ingest/dead-letter'
import { type AuthEnv, requireAuth } from '../../../middleware/auth'
import { ApiError, errorResponses } from '../lib/errors'
import { decodeCursor, PageOf, PageQuery, page } from '../lib/pagination'
import { bearer } from '../lib/params'
import { createRouter } from '../lib/router'

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** Dead letters are the operator's: a site's admin key neither sees nor replays them. */
const adminTokenOnly = createMiddleware<AuthEnv>(async (c, next) => {
  if (c.get('caller').kind !== 'admin-token')
    throw new ApiError(403, 'forbidden', 'Only the admin token handles dead letters')
  await next()
})

const SiteFilter = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .openapi({ description: "Only this site's dead letters" })

const DeadLetterSchema = z
  .object({
    id: z.number().int(),
    site: z.string().nullable(),
    events: z.number().int().openapi({ description: 'Events in the message (or its part for one visitor)' }),
    created_at: z.number(),
    replayed_at: z
      .number()
      .nullable()
      .openapi({ description: 'When it was last replayed; null while pending' }),
  })
  .openapi('DeadLetter')

const listRoute = createRoute({
  method: 'get',
  path: '/admin/dead-letters',
  tags: ['Admin'],
  summary: 'List queue messages that failed every retry (admin token only)',
  security: bearer,
  middleware: [requireAuth('admin'), adminTokenOnly] as const,
  request: {
    query: z.object({
      ...PageQuery,
      site: SiteFilter,
      status: z.enum(['pending', 'replayed', 'all']).default('pending'),
    }),
  },
  responses: {
    200: json(PageOf(DeadLetterSchema), 'A page of dead letters, oldest first'),
    ...errorResponses(400),
  },
})

const replayRoute = createRoute({
  method: 'post',
  path: '/admin/dead-letters/replay',
  tags: ['Admin'],
  summary: 'Send dead letters back to the events queue once their cause is fixed (admin token only)',
  description:
    'Without `ids`, replays the oldest pending dead letters; with `ids`, those (also ones replayed before). ' +
    'Idempotent: events, orders, usage and bot counts the store already has are not stored or counted again.',
  security: bearer,
  middleware: [requireAuth('admin'), adminTokenOnly] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            site: SiteFilter,
            ids: z.array(z.number().int().positive()).min(1).max(1000).optional(),
            limit: z.number().int().min(1).max(1000).default(100),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        replayed: z.number().int().openapi({ description: 'Dead letters sent back to the queue' }),
        events: z.number().int().openapi({ description: 'Events in them' }),
        remaining: z.number().int().openapi({ description: 'Dead letters still pending' }),
      }),
      'What was replayed',
    ),
    ...errorResponses(400),
  },
})

const view = (d: DeadLetterSummary) => ({
  id: d.id,
  site: d.site_id,
  events: d.events,
  created_at: d.created_at,
  replayed_at: d.replayed_at,
})

export const adminDeadLetters = createRouter()
  .openapi(listRoute, async (c) => {
    const { limit, cursor, site, status } = c.req.valid('query')
    const after = decodeCursor(cursor)?.[0]
    const rows = await listDeadLetters(c.env.DB, {
      site,
      status,
      after: typeof after === 'number' ? after : undefined,
      limit: limit + 1,
    })
    return c.json(
      page(rows.map(view), limit, (d) => [d.id]),
      200,
    )
  })
  .openapi(replayRoute, async (c) => {
    const body = c.req.valid('json')
    return c.json(await replayDeadLetters(c.env.DB, c.env.EVENTS, body, Date.now()), 200)
  })
