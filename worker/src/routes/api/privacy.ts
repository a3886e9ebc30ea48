import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { diffVersions } from '../../privacy/diff'
import { LANGS } from '../../privacy/notice'
import { getVersion, listVersions, publishVersion } from '../../privacy/store'
import { writeNoticeVersion } from '../../privacy/versions'
import { errorResponses, notFound } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const versionString = z
  .string()
  .regex(/^[0-9a-f]{12}-\d{8}T\d{6}Z$/, 'a notice version such as 3fa2c1d0e9b8-20260101T120000Z')

const VersionParams = SiteParams.extend({
  version: versionString.openapi({ param: { name: 'version', in: 'path' } }),
})

const VersionSummary = z
  .object({
    version: z
      .string()
      .openapi({ description: 'First 12 hex of the fact sheet hash, then the generation time' }),
    sheet_hash: z.string(),
    status: z.enum(['draft', 'published', 'retired']),
    provider: z.string(),
    model: z.string(),
    prompt_version: z.string(),
    calls: z.number(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    latency_ms: z.number(),
    created_at: z.number(),
    published_at: z.number().nullable(),
  })
  .openapi('PrivacyNoticeVersion')

const summary = (v: Awaited<ReturnType<typeof listVersions>>[number]): z.infer<typeof VersionSummary> => ({
  version: v.version,
  sheet_hash: v.sheetHash,
  status: v.status as 'draft' | 'published' | 'retired',
  provider: v.provider,
  model: v.model,
  prompt_version: v.promptVersion,
  calls: v.calls,
  tokens_in: v.tokensIn,
  tokens_out: v.tokensOut,
  latency_ms: v.latencyMs,
  created_at: v.createdAt,
  published_at: v.publishedAt,
})

const listRoute = createRoute({
  tags: ['Admin'],
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  method: 'get',
  path: '/admin/sites/{site}/privacy/notices',
  summary: 'Privacy notice versions, newest first',
  request: {
    params: SiteParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: {
    200: json(z.object({ data: z.array(VersionSummary) }), 'Versions'),
    ...errorResponses(400, 404),
  },
})

const writeRoute = createRoute({
  tags: ['Admin'],
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  method: 'post',
  path: '/admin/sites/{site}/privacy/notices',
  summary: 'Write a new notice version now when the facts or the writer changed (or always, with force)',
  request: {
    params: SiteParams,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ force: z.boolean().optional() }) } },
    },
  },
  responses: {
    200: json(
      z.object({ status: z.enum(['unchanged', 'draft', 'published']), version: z.string() }),
      'What was written',
    ),
    ...errorResponses(400, 404),
  },
})

const getRoute = createRoute({
  tags: ['Admin'],
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  method: 'get',
  path: '/admin/sites/{site}/privacy/notices/{version}',
  summary: 'One version with its facts and its notice in every language (to review a draft)',
  request: { params: VersionParams },
  responses: {
    200: json(
      VersionSummary.extend({
        facts: z.array(z.record(z.string(), z.unknown())),
        notices: z.record(z.string(), z.unknown()),
      }),
      'The version',
    ),
    ...errorResponses(400, 404),
  },
})

const publishRoute = createRoute({
  tags: ['Admin'],
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  method: 'post',
  path: '/admin/sites/{site}/privacy/notices/{version}/publish',
  summary: 'Put a version in force; the one before is retired. Consent decisions from now on name it.',
  request: { params: VersionParams },
  responses: { 200: json(VersionSummary, 'The published version'), ...errorResponses(400, 404) },
})

const diffRoute = createRoute({
  tags: ['Admin'],
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
  method: 'get',
  path: '/admin/sites/{site}/privacy/diff',
  summary: 'What changed between two versions: facts, and the sentences of one language',
  request: {
    params: SiteParams,
    query: z.object({
      from: versionString,
      to: versionString,
      lang: z.enum(LANGS).default('en'),
    }),
  },
  responses: {
    200: json(
      z
        .object({
          from: z.string(),
          to: z.string(),
          lang: z.string(),
          facts: z.object({
            added: z.array(z.record(z.string(), z.unknown())),
            removed: z.array(z.record(z.string(), z.unknown())),
            changed: z.array(
              z.object({
                id: z.string(),
                before: z.record(z.string(), z.unknown()),
                after: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          text: z.record(z.string(), z.object({ added: z.array(z.string()), removed: z.array(z.string()) })),
        })
        .openapi('PrivacyNoticeDiff'),
      'The differences',
    ),
    ...errorResponses(400, 404),
  },
})

/** The site owner reviews, publishes and compares privacy notice versions; the cron writes them. */
export const privacyApi = createRouter()
  .openapi(listRoute, async (c) => {
    const rows = await listVersions(c.env.DB, c.get('site').id, c.req.valid('query').limit)
    return c.json({ data: rows.map(summary) }, 200)
  })
  .openapi(writeRoute, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {}
    const r = await writeNoticeVersion(c.env.DB, c.get('site'), c.env, Date.now(), { force: body?.force })
    return c.json({ status: r.status, version: r.version }, 200)
  })
  .openapi(getRoute, async (c) => {
    const { version } = c.req.valid('param')
    const v = await getVersion(c.env.DB, c.get('site').id, version)
    if (!v) throw notFound('Notice version')
    return c.json(
      { ...summary(v), facts: v.facts as unknown as Record<string, unknown>[], notices: v.notices },
      200,
    )
  })
  .openapi(publishRoute, async (c) => {
    const { version } = c.req.valid('param')
    const site = c.get('site').id
    if (!(await publishVersion(c.env.DB, site, version, Date.now()))) throw notFound('Notice version')
    return c.json(summary((await getVersion(c.env.DB, site, version))!), 200)
  })
  .openapi(diffRoute, async (c) => {
    const { from, to, lang } = c.req.valid('query')
    const site = c.get('site').id
    const [a, b] = await Promise.all([getVersion(c.env.DB, site, from), getVersion(c.env.DB, site, to)])
    if (!a || !b) throw notFound('Notice version')
    return c.json(diffVersions(a, b, lang), 200)
  })
