import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { errorResponses, notFound } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'
import { profileOfVisitorsStatement, type StoredProfileRow } from '../../profiling/read'
import { ProfileSchema, profileView } from './profiles'

const TIMELINE_LIMIT = 500

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

const ConsentEntry = z.object({
  ts: z.number(),
  action: z.string(),
  analytics: z.boolean(),
  marketing: z.boolean(),
  source: z.string(),
  banner_version: z.string().nullable(),
})

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/visitors/{vid}',
  tags: ['Profiles'],
  summary: "A visitor's timeline: events (newest first), orders, consent history and profile",
  security: bearer,
  middleware: [requireAuth('read'), loadSite] as const,
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

const parse = (s: string | null) => {
  if (s === null) return null
  try {
    return JSON.parse(s)
  } catch {
    return s
  }
}

export const visitors = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const { vid } = c.req.valid('param')
  const d1 = c.env.DB
  const [events, orders, state, profile] = await d1.batch([
    // events_site_vid (site_id, vid, ts) serves this in index order.
    d1
      .prepare(
        `SELECT id, type, ts, sid, url, path, title, source, name, query, order_id, value, currency, props
         FROM events WHERE site_id = ? AND vid = ? ORDER BY ts DESC LIMIT ?`,
      )
      .bind(site.id, vid, TIMELINE_LIMIT + 1),
    d1
      .prepare(
        'SELECT order_id, ts, value, currency, items FROM orders WHERE site_id = ? AND vid = ? ORDER BY ts DESC',
      )
      .bind(site.id, vid),
    d1
      .prepare(
        'SELECT consent_id, analytics, marketing, source, banner_version FROM consent_state WHERE site_id = ? AND vid = ?',
      )
      .bind(site.id, vid),
    // Also the person's pooled profile when it is stored under another of their browsers.
    profileOfVisitorsStatement(d1, site.id, [vid]),
  ])
  type Ev = z.infer<typeof EventSchema> & { props: string | null }
  const evs = events!.results as Ev[]
  const current = (
    state!.results as {
      consent_id: string
      analytics: number
      marketing: number
      source: string
      banner_version: string | null
    }[]
  )[0]
  const prof = (profile!.results as StoredProfileRow[])[0]
  if (!evs.length && !orders!.results.length && !current && !prof) throw notFound('Visitor')
  // The consent log names the consent record, never the visitor: follow the link from consent_state.
  const history = current
    ? (
        await d1
          .prepare(
            'SELECT ts, action, analytics, marketing, source, banner_version FROM consent_log WHERE consent_id = ? AND site_id = ? ORDER BY ts DESC LIMIT 100',
          )
          .bind(current.consent_id, site.id)
          .all<{
            ts: number
            action: string
            analytics: number
            marketing: number
            source: string
            banner_version: string | null
          }>()
      ).results
    : []
  return c.json(
    {
      vid,
      events: evs.slice(0, TIMELINE_LIMIT).map((e) => ({ ...e, props: parse(e.props) })),
      events_truncated: evs.length > TIMELINE_LIMIT,
      orders: (
        orders!.results as { order_id: string; ts: number; value: number; currency: string; items: string }[]
      ).map((o) => ({
        ...o,
        items: parse(o.items),
      })),
      consent: {
        current: current
          ? {
              analytics: !!current.analytics,
              marketing: !!current.marketing,
              source: current.source,
              banner_version: current.banner_version,
            }
          : null,
        history: history.map((h) => ({ ...h, analytics: !!h.analytics, marketing: !!h.marketing })),
      },
      profile: prof ? profileView(prof) : null,
    },
    200,
  )
})
