import { createRoute, z } from '@hono/zod-openapi'
import { db } from '../../../db/client'
import { defaultSiteId, insertSite, type SiteChanges, updateSite } from '../../../site/admin'
import { getSite } from '../../../site/load'
import { siteSettingsSchema } from '../../../site/settings'
import { requireAuth } from '../../../middleware/auth'
import { ApiError, badRequest, errorResponses, notFound } from '../lib/errors'
import { PageQuery } from '../lib/pagination'
import { bearer, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'
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
  middleware: [requireAuth('admin'), pathSite] as const,
  request: { params: SiteParams },
  responses: { 200: json(SiteSchema, 'The site'), ...errorResponses(404) },
})

const updateSiteRoute = createRoute({
  method: 'patch',
  path: '/admin/sites/{site}',
  tags: ['Admin'],
  summary: 'Update a site; settings are merged key by key. A new timezone rebuilds its rollups.',
  security: bearer,
  middleware: [requireAuth('admin'), pathSite] as const,
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

/** The API's site fields under the sites table's names (settings are validated apart). */
const siteColumns = (b: Omit<z.infer<typeof SiteUpdate>, 'settings'>): SiteChanges => ({
  name: b.name,
  domains: b.domains,
  allowedOrigins: b.allowed_origins,
  currency: b.currency,
  timezone: b.timezone,
  retentionDays: b.retention_days,
  consentMode: b.consent_mode,
})

export const adminSites = createRouter()
  .openapi(createSiteRoute, async (c) => {
    if (c.get('caller').kind !== 'admin-token')
      throw new ApiError(403, 'forbidden', 'Only the admin token creates sites')
    const body = c.req.valid('json')
    const id = body.id ?? defaultSiteId(body.domains)
    if (!id) throw badRequest('id: give an id or at least one domain')
    const database = db(c.env.DB)
    if (await getSite(database, id)) throw new ApiError(409, 'conflict', `Site "${id}" already exists`)
    await insertSite(c.env.DB, {
      ...siteColumns(body),
      id,
      domains: body.domains,
      settings: validSettings(body.settings ?? {}),
    })
    return c.json(siteView((await getSite(database, id))!), 201)
  })
  .openapi(listSitesRoute, async (c) =>
    c.json(await sitesPage(c.env.DB, c.get('caller'), c.req.valid('query'), siteView), 200),
  )
  .openapi(getSiteRoute, (c) => c.json(siteView(c.get('site')), 200))
  .openapi(updateSiteRoute, async (c) => {
    const site = c.get('site')
    const body = c.req.valid('json')
    const database = db(c.env.DB)
    await updateSite(c.env.DB, site.id, {
      ...siteColumns(body),
      settings: body.settings ? validSettings({ ...site.settings, ...body.settings }) : undefined,
    })
    const updated = await getSite(database, site.id)
    if (!updated) throw notFound('Site')
    return c.json(siteView(updated), 200)
  })
