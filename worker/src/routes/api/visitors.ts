import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { errorResponses, notFound } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { visitorView } from '../../audience/visitor'
import { ConsentRecordSchema } from './consent'
import { ProfileSchema, profileView } from './profiles'

const EventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    ts: z.number(),
    sid: z.string().nullable(),
    url: z.string(),
    path: z.string(),
    title: z.string().nullable(),
    source: z.string().nullable(),
    name: z.string().nullable(),
    query: z.string().nullable(),
    order_id: z.string().nullable(),
    value: z.number().nullable(),
    currency: z.string().nullable(),
    props: z.unknown().nullable(),
  })
  .openapi('TimelineEvent')

/** A consent decision in a visitor's history: the consent log's record, without its ids. */
const ConsentEntry = ConsentRecordSchema.pick({
  ts: true,
  action: true,
  analytics: true,
  marketing: true,
  source: true,
  banner_version: true,
})

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/visitors/{vid}',
  tags: ['Profiles'],
  summary: "A visitor's timeline: events (newest first), orders, consent history and profile",
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams.extend({
      vid: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'vid', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'Timeline',
      content: {
        'application/json': {
          schema: z
            .object({
              vid: z.string(),
              events: z.array(EventSchema),
              events_truncated: z.boolean(),
              orders: z.array(
                z.object({
                  order_id: z.string(),
                  ts: z.number(),
                  value: z.number(),
                  currency: z.string(),
                  items: z.unknown(),
                }),
              ),
              consent: z.object({
                current: ConsentEntry.omit({ ts: true, action: true }).nullable(),
                history: z.array(ConsentEntry),
              }),
              profile: ProfileSchema.nullable(),
            })
            .openapi('VisitorTimeline'),
        },
      },
    },
    ...errorResponses(404),
  },
})

export const visitors = createRouter().openapi(route, async (c) => {
  const view = await visitorView(c.env.DB, c.get('site').id, c.req.valid('param').vid)
  if (!view) throw notFound('Visitor')
  return c.json({ ...view, profile: view.profile && profileView(view.profile) }, 200)
})
