import { createRoute, z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { db } from '../../../db/client'
import { getSite, siteSettingsSchema } from '../../../db/queries/sites'
import { sites } from '../../../db/schema'
import { requireAuth } from '../../../middleware/auth'
import { ApiError, badRequest, errorResponses, notFound } from '../lib/errors'
import { PageQuery } from '../lib/pagination'
import { bearer, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { loadSite } from '../lib/site'
import { sitesPage } from '../lib/sites-page'
import { SiteCreate, SiteSchema, SiteUpdate, siteView } from './site-schema'

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const createSiteRoute = createRoute({
  method: 'post',
  path: '/admin/sites',
  tags: ['Admin'],
  summary: 'Create a site (admin token only)',
  security: bearer,
  middleware: [requireAuth('admin')] as const,
  request: { body: { content: { 'application/json': { schema: SiteCreate } }, required: true } },
  responses: { 201: json(SiteSchema, 'The new site'), ...errorResponses(400, 409) },
})

const listSitesRoute = createRoute({
  method: 'get',
  path: '/admin/sites',
  tags: ['Admin'],
  summary: 'List sites (the admin token sees all; a site admin key sees its own)',
  security: bearer,
  middleware: [requireAuth('admin')] as const,
  request: { query: z.object(PageQuery) },
  responses: {
    200: json(z.object({ data: z.array(SiteSchema), next_cursor: z.string().nullable() }), 'A page of sites'),
    ...errorResponses(400),
  },
})

const getSiteRoute = createRoute({
  method: 'get',
  path: '/admin/sites/{site}',
  tags: ['Admin'],
  summary: 'Read a site',
  security: bearer,
  middleware: [requireAuth('admin'), loadSite] as const,
  request: { params: SiteParams },
  responses: { 200: json(SiteSchema, 'The site'), ...errorResponses(404) },
})

const updateSiteRoute = createRoute({
  method: 'patch',
  path: '/admin/sites/{site}',
  tags: ['Admin'],
  summary: 'Update a site; settings are merged key by key. A new timezone rebuilds its rollups.',
  security: bearer,
  middleware: [requireAuth('admin'), loadSite] as const,
  request: {
    params: SiteParams,
    body: { content: { 'application/json': { schema: SiteUpdate } }, required: true },
  },
  responses: { 200: json(SiteSchema, 'The updated site'), ...errorResponses(400, 404) },
})

function validSettings(settings: Record<string, unknown>) {
  const parsed = siteSettingsSchema.safeParse(settings)
  if (!parsed.success) throw badRequest(`settings: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return settings
}

export const adminSites = createRouter()
  .openapi(createSiteRoute, async (c) => {
    if (c.get('caller').kind !== 'admin-token')
      throw new ApiError(403, 'forbidden', 'Only the admin token creates sites')
    const body = c.req.valid('json')
    const id = body.id ?? body.domains[0]?.toLowerCase().replaceAll('.', '-').slice(0, 64)
    if (!id) throw badRequest('id: give an id or at least one domain')
    const database = db(c.env.DB)
    if (await getSite(database, id)) throw new ApiError(409, 'conflict', `Site "${id}" already exists`)
    const now = Date.now()
    await database.insert(sites).values({
      id,
      name: body.name ?? body.domains[0] ?? id,
      domains: body.domains,
      allowedOrigins: body.allowed_origins ?? body.domains.map((d) => `https://${d}`),
      currency: body.currency ?? 'USD',
      timezone: body.timezone ?? 'UTC',
      retentionDays: body.retention_days ?? 395,
      consentMode: body.consent_mode ?? 'opt-in',
      settings: validSettings(body.settings ?? {}),
      createdAt: now,
      updatedAt: now,
    })
    return c.json(siteView((await getSite(database, id))!), 201)
  })
  .openapi(listSitesRoute, async (c) =>
    c.json(await sitesPage(db(c.env.DB), c.get('caller'), c.req.valid('query'), siteView), 200),
  )
  .openapi(getSiteRoute, (c) => c.json(siteView(c.get('site')), 200))
  .openapi(updateSiteRoute, async (c) => {
    const site = c.get('site')
    const body = c.req.valid('json')
    const database = db(c.env.DB)
    await database
      .update(sites)
      .set({
        name: body.name,
        domains: body.domains,
        allowedOrigins: body.allowed_origins,
        currency: body.currency,
        timezone: body.timezone,
        retentionDays: body.retention_days,
        consentMode: body.consent_mode,
        settings: body.settings ? validSettings({ ...site.settings, ...body.settings }) : undefined,
        updatedAt: Date.now(),
      })
      .where(eq(sites.id, site.id))
    const updated = await getSite(database, site.id)
    if (!updated) throw notFound('Site')
    return c.json(siteView(updated), 200)
  })
