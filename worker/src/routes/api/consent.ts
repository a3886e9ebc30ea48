import { createRoute, z } from '@hono/zod-openapi'
import { consentRecords } from '../../consent/log'
import { requireAuth } from '../../middleware/auth'
import { errorResponses } from './lib/errors'
import { decodeCursor, PageQuery, page } from './lib/pagination'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery

export const ConsentRecordSchema = z
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
  })
  .openapi('ConsentRecord')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/consent',
  tags: ['Consent'],
  summary: 'Consent records (proof of consent), newest first, with counts per action and choice',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
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
              data: z.array(ConsentRecordSchema),
              next_cursor: z.string().nullable(),
            })
            .openapi('ConsentRecords'),
        },
      },
    },
    ...errorResponses(400, 404),
  },
})

export const consent = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const cursor = decodeCursor(q.cursor)
  const { records, summary } = await consentRecords(c.env.DB, site.id, {
    start: p.period.start,
    end: p.period.end,
    before: cursor ? [Number(cursor[0]), String(cursor[1])] : null,
    action: q.action ?? null,
    limit: q.limit + 1,
  })
  return c.json(
    {
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      summary,
      ...page(records, q.limit, (r) => [r.ts, r.id]),
    },
    200,
  )
})
