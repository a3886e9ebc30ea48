import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { errorResponses } from './lib/errors'
import { decodeCursor, PageQuery, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { loadSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery

const RecordSchema = z
  .object({
    id: z.string(),
    consent_id: z.string(),
    ts: z.number(),
    action: z.string(),
    analytics: z.boolean(),
    marketing: z.boolean(),
    source: z.string(),
    banner_version: z.string().nullable(),
    locale: z.string().nullable(),
    jurisdiction: z.string().nullable(),
    gpc: z.boolean(),
    notice_version: z
      .string()
      .nullable()
      .openapi({ description: 'The privacy notice version in force when the decision was made' }),
  })
  .openapi('ConsentRecord')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/consent',
  tags: ['Consent'],
  summary: 'Consent records (proof of consent), newest first, with counts per action and choice',
  security: bearer,
  middleware: [requireAuth('read'), loadSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ ...periodOnly, ...PageQuery, action: z.string().max(40).optional() }),
  },
  responses: {
    200: {
      description: 'Records and summary',
      content: {
        'application/json': {
          schema: z
            .object({
              period: PeriodSchema,
              summary: z.object({
                records: z.number(),
                by_action: z.record(z.string(), z.number()),
                analytics_granted: z.number(),
                marketing_granted: z.number(),
              }),
              data: z.array(RecordSchema),
              next_cursor: z.string().nullable(),
            })
            .openapi('ConsentRecords'),
        },
      },
    },
    ...errorResponses(400, 404),
  },
})

type Row = Omit<z.infer<typeof RecordSchema>, 'analytics' | 'marketing' | 'gpc'> & {
  analytics: number
  marketing: number
  gpc: number
}

export const consent = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const cursor = decodeCursor(q.cursor)
  const [beforeTs, beforeId] = cursor ? [Number(cursor[0]), String(cursor[1])] : [p.period.end, '']
  const action = q.action ?? null
  const d1 = c.env.DB
  const [rows, summary] = await d1.batch([
    // consent_log_site_ts (site_id, ts) serves the range and the order.
    d1
      .prepare(
        `SELECT id, consent_id, ts, action, analytics, marketing, source, banner_version, locale, jurisdiction, gpc,
           notice_version
         FROM consent_log WHERE site_id = ?1 AND ts >= ?2 AND (ts < ?3 OR (ts = ?3 AND id < ?4))
           AND (?5 IS NULL OR action = ?5)
         ORDER BY ts DESC, id DESC LIMIT ?6`,
      )
      .bind(site.id, p.period.start, beforeTs, cursor ? beforeId : '\uffff', action, q.limit + 1),
    d1
      .prepare(
        `SELECT action, count(*) AS n, sum(analytics) AS a, sum(marketing) AS m FROM consent_log
         WHERE site_id = ? AND ts >= ? AND ts < ? GROUP BY action`,
      )
      .bind(site.id, p.period.start, p.period.end),
  ])
  const s = summary!.results as { action: string; n: number; a: number; m: number }[]
  const result = page(
    (rows!.results as Row[]).map((r) => ({
      ...r,
      analytics: !!r.analytics,
      marketing: !!r.marketing,
      gpc: !!r.gpc,
    })),
    q.limit,
    (r) => [r.ts, r.id],
  )
  return c.json(
    {
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      summary: {
        records: s.reduce((x, r) => x + r.n, 0),
        by_action: Object.fromEntries(s.map((r) => [r.action, r.n])),
        analytics_granted: s.reduce((x, r) => x + (r.a ?? 0), 0),
        marketing_granted: s.reduce((x, r) => x + (r.m ?? 0), 0),
      },
      ...result,
    },
    200,
  )
})
