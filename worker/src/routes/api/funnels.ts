import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { type FunnelWindow, funnelReport } from '../../query/funnel'
import { cachedJson } from './lib/cache'
import { badRequest, errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { PeriodQuery, PeriodSchema, parseFilters, resolveStatsParams } from './lib/stats-params'

const { filter: _filter, ...periodOnly } = PeriodQuery

const FunnelSchema = z
  .object({
    site: z.string(),
    period: PeriodSchema,
    window: z.string(),
    unit: z.enum(['visits', 'visitors']),
    steps: z.array(
      z.object({
        step: z.string(),
        count: z.number(),
        conversion_rate: z.number().openapi({ description: 'Percent of step 1 reaching this step' }),
        step_conversion_rate: z
          .number()
          .openapi({ description: 'Percent of the previous step reaching this step' }),
        dropoff: z.number(),
        dropoff_rate: z.number(),
      }),
    ),
  })
  .openapi('Funnel')

const route = createRoute({
  method: 'get',
  path: '/sites/{site}/funnels',
  tags: ['Funnels'],
  summary: 'Ordered steps with per-step conversion and drop-off, within a visit or N days',
  description:
    'Each `step` is a match on one event, in the filter syntax: `page==/pricing`, `event==add_to_cart`, `event==purchase`, `source==google`, `search~=shoes`. `window=session` counts visits; `window=7d` counts visitors who complete the steps within 7 days of step 1.',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({
      ...periodOnly,
      step: z
        .array(z.string())
        .min(2)
        .max(8)
        .openapi({ example: ['page==/', 'page==/pricing', 'event==purchase'] }),
      window: z
        .string()
        .regex(/^(session|[1-9]\d?d)$/, 'expected session or 1d … 99d')
        .default('session'),
    }),
  },
  responses: {
    200: { description: 'Counts per step', content: { 'application/json': { schema: FunnelSchema } } },
    304: { description: 'Not modified' },
    ...errorResponses(400, 404),
  },
})

export const funnels = createRouter().openapi(route, async (c) => {
  const site = c.get('site')
  const q = c.req.valid('query')
  const p = resolveStatsParams(site, q)
  const steps = parseFilters(q.step)
  if (steps.some((s) => s.op === 'is_not'))
    throw badRequest('step: a step must match (== or ~=), not exclude')
  const window: FunnelWindow =
    q.window === 'session' ? { kind: 'session' } : { kind: 'days', days: Number.parseInt(q.window, 10) }
  const report = await funnelReport(c.env.DB, site.id, {
    start: p.period.start,
    end: p.period.end,
    steps,
    labels: q.step,
    window,
  })
  return cachedJson(
    c,
    {
      site: site.id,
      period: { from: p.period.from, to: p.period.to, timezone: site.timezone },
      window: q.window,
      unit: window.kind === 'session' ? 'visits' : 'visitors',
      steps: report,
    },
    { includesToday: p.includesToday },
  )
})
