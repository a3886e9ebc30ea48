import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { listProfiles, profileSummary, type StoredProfileRow } from '../../profiling/read'
import { LIFECYCLES } from '../../profiling/schema'
import { errorResponses } from './lib/errors'
import { decodeCursor, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { sitePageRoute } from './lib/page-route'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

export const ProfileSchema = z
  .object({
    vid: z.string(),
    persona_id: z.string().nullable(),
    segment: z.string(),
    lifecycle: z.string(),
    interests: z.array(z.object({ topic: z.string(), score: z.number() })),
    purchase_intent: z.number(),
    price_sensitivity: z.string(),
    preferred_channel: z.string(),
    summary: z.string(),
    next_best_action: z.string(),
    provider: z.string(),
    model: z.string(),
    fallback: z.string().nullable(),
    last_event_ts: z.number(),
    updated_at: z.number(),
  })
  .openapi('Profile')

export function profileView(r: StoredProfileRow): z.infer<typeof ProfileSchema> {
  let interests: { topic: string; score: number }[] = []
  try {
    interests = JSON.parse(r.interests)
  } catch {}
  return { ...r, interests }
}

const listRoute = sitePageRoute({
  path: '/sites/{site}/profiles',
  tags: ['Profiles'],
  summary:
    'Profiles (one per person, pooled from their consented ids, or per unlinked visitor), filtered by segment, lifecycle stage and purchase intent',
  query: {
    segment: z.string().max(100).optional(),
    lifecycle: z.enum(LIFECYCLES).optional(),
    min_intent: z.coerce.number().min(0).max(1).optional(),
    max_intent: z.coerce.number().min(0).max(1).optional(),
  },
  item: ProfileSchema,
  description: 'A page of profiles, by the visitor id each is stored under',
})

const Count = z.object({ visitors: z.number(), average_intent: z.number() })
const summaryRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/profiles/summary',
  tags: ['Profiles'],
  summary: 'Personas and segment / lifecycle summaries',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams },
  responses: {
    200: {
      description: 'Summaries',
      content: {
        'application/json': {
          schema: z
            .object({
              profiles: z.number(),
              segments: z.array(Count.extend({ segment: z.string() })),
              lifecycles: z.array(Count.extend({ lifecycle: z.string() })),
              personas: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  description: z.string(),
                  needs: z.array(z.string()),
                  action: z.string(),
                  size: z.number(),
                  profiles: z.number(),
                  updated_at: z.number(),
                }),
              ),
            })
            .openapi('ProfileSummary'),
        },
      },
    },
    ...errorResponses(404),
  },
})

export const profiles = createRouter()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query')
    const after = decodeCursor(q.cursor)?.[0]
    const rows = await listProfiles(
      c.env.DB,
      c.get('site').id,
      { segment: q.segment, lifecycle: q.lifecycle, minIntent: q.min_intent, maxIntent: q.max_intent },
      typeof after === 'string' ? after : undefined,
      q.limit + 1,
    )
    return c.json(
      page(rows.map(profileView), q.limit, (p) => [p.vid]),
      200,
    )
  })
  .openapi(summaryRoute, async (c) => c.json(await profileSummary(c.env.DB, c.get('site').id), 200))
