import { createMiddleware } from 'hono/factory'
import { db } from '../../../db/client'
import { getSite } from '../../../site/load'
import { notFound } from './errors'
import type { ApiEnv } from './router'

/** The `:site` of the path, read fresh through site/load.ts (after requireAuth checked the caller may see it). */
export const pathSite = createMiddleware<ApiEnv>(async (c, next) => {
  const site = await getSite(db(c.env.DB), c.req.param('site') ?? '')
  if (!site) throw notFound('Site')
  c.set('site', site)
  await next()
})
