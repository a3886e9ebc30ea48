import { createRoute, z } from '@hono/zod-openapi'
import { onDemandBudget } from '../../profiling/budget'
import { requireAuth } from '../../middleware/auth'
import { resolveProvider } from '../../profiling/providers'
import { latestRuns, profileNow, type StoredRun } from '../../profiling/runs'
import { ApiError, errorResponses } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

const RunSchema = z
  .object({
    run_id: z.number(),
    site: z.string(),
    provider: z.string().openapi({ example: 'rules' }),
    model: z.string(),
    status: z.enum(['ok', 'error']),
    error: z.string().nullable(),
    candidates: z
      .number()
      .openapi({ description: 'Consented visitors with new activity or a stale profile' }),
    profiled: z.number(),
    skipped_unchanged: z.number().openapi({ description: 'Feature hash unchanged: no model call' }),
    deferred: z.number().openapi({ description: 'Left for the next run by the visitor or token budget' }),
    fallbacks: z.number().openapi({ description: 'Profiles stored from the rules after a model failure' }),
    personas: z.number(),
    model_calls: z.number(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    latency_ms: z.number(),
    started_at: z.number(),
    finished_at: z.number().nullable(),
  })
  .openapi('ProfilingRun')

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const runRoute = createRoute({
  method: 'post',
  path: '/admin/sites/{site}/profiling/run',
  tags: ['Admin'],
  summary: 'Profile a site now, with the configured provider, within the run budget',
  description:
    'The budget defaults to PROFILE_MAX_VISITORS and PROFILE_MAX_TOKENS. Only the ADMIN_TOKEN may ask for more; a site key that does gets 403.',
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  request: {
    params: SiteParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({
            max_visitors: z.number().int().min(0).max(10_000).optional(),
            max_tokens: z.number().int().min(0).max(10_000_000).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: json(RunSchema, 'The run summary'), ...errorResponses(400, 404, 409) },
})

const listRoute = createRoute({
  method: 'get',
  path: '/admin/sites/{site}/profiling/runs',
  tags: ['Admin'],
  summary: 'The latest profiling runs of a site, newest first',
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  request: {
    params: SiteParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: { 200: json(z.object({ data: z.array(RunSchema) }), 'Runs'), ...errorResponses(400, 404) },
})

const view = ({ id, site_id, ...rest }: StoredRun) => ({ run_id: id, site: site_id, ...rest })

/** On-demand profiling for admins; the cron does the same on schedule. */
export const profilingApi = createRouter()
  .openapi(runRoute, async (c) => {
    const site = c.get('site')
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {}
    const asked = onDemandBudget(
      c.env,
      { maxVisitors: body?.max_visitors, maxTokens: body?.max_tokens },
      c.get('caller').kind === 'admin-token',
    )
    if (!asked.ok) throw new ApiError(403, 'forbidden', asked.message)
    const run = await profileNow({
      db: c.env.DB,
      site,
      provider: resolveProvider(c.env),
      budget: asked.budget,
      now: Date.now(),
      trigger: 'admin',
    })
    if (!run)
      throw new ApiError(
        409,
        'conflict',
        'Another profiling run of this site is in progress; retry when it ends',
      )
    return c.json(view(run), 200)
  })
  .openapi(listRoute, async (c) => {
    const runs = await latestRuns(c.env.DB, c.get('site').id, c.req.valid('query').limit)
    return c.json({ data: runs.map(view) }, 200)
  })
