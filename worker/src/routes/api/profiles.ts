import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { PROFILE_COLUMNS, type StoredProfileRow } from '../../profiling/read'
import { errorResponses } from './lib/errors'
import { decodeCursor, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { sitePageRoute } from './lib/page-route'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'

const LIFECYCLES = [
  'new',
  'engaged',
  'first_time_buyer',
  'repeat_buyer',
  'loyal',
  'at_risk',
  'churned',
] as const

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
  middleware: [requireAuth('read'), loadSite] as const,
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
    const site = c.get('site')
    const q = c.req.valid('query')
    const after = decodeCursor(q.cursor)?.[0]
    const where = ['site_id = ?']
    const params: (string | number)[] = [site.id]
    const add = (sql: string, v: string | number | undefined) => {
      if (v === undefined) return
      where.push(sql)
      params.push(v)
    }
    add('vid > ?', typeof after === 'string' ? after : undefined)
    add('segment = ?', q.segment)
    add('lifecycle = ?', q.lifecycle)
    add('purchase_intent >= ?', q.min_intent)
    add('purchase_intent <= ?', q.max_intent)
    const { results } = await c.env.DB.prepare(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE ${where.join(' AND ')} ORDER BY vid LIMIT ?`,
    )
      .bind(...params, q.limit + 1)
      .all<StoredProfileRow>()
    return c.json(
      page(results.map(profileView), q.limit, (p) => [p.vid]),
      200,
    )
  })
  .openapi(summaryRoute, async (c) => {
    const site = c.get('site')
    const [segments, lifecycles, personas, byPersona] = await c.env.DB.batch([
      c.env.DB.prepare(
        'SELECT segment, count(*) AS visitors, round(avg(purchase_intent), 3) AS average_intent FROM profiles WHERE site_id = ? GROUP BY segment ORDER BY visitors DESC, segment',
      ).bind(site.id),
      c.env.DB.prepare(
        'SELECT lifecycle, count(*) AS visitors, round(avg(purchase_intent), 3) AS average_intent FROM profiles WHERE site_id = ? GROUP BY lifecycle ORDER BY visitors DESC, lifecycle',
      ).bind(site.id),
      c.env.DB.prepare(
        'SELECT id, name, description, needs, action, size, updated_at FROM personas WHERE site_id = ? ORDER BY size DESC, id',
      ).bind(site.id),
      c.env.DB.prepare(
        'SELECT persona_id, count(*) AS n FROM profiles WHERE site_id = ? GROUP BY persona_id',
      ).bind(site.id),
    ])
    const counts = new Map(
      (byPersona!.results as { persona_id: string | null; n: number }[]).map((r) => [r.persona_id, r.n]),
    )
    const segs = segments!.results as { segment: string; visitors: number; average_intent: number }[]
    return c.json(
      {
        profiles: segs.reduce((a, s) => a + s.visitors, 0),
        segments: segs,
        lifecycles: lifecycles!.results as { lifecycle: string; visitors: number; average_intent: number }[],
        personas: (
          personas!.results as {
            id: string
            name: string
            description: string
            needs: string
            action: string
            size: number
            updated_at: number
          }[]
        ).map((p) => ({ ...p, needs: safeList(p.needs), profiles: counts.get(p.id) ?? 0 })),
      },
      200,
    )
  })

function safeList(json: string): string[] {
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? v.map(String) : []
  } catch {
    return []
  }
}
