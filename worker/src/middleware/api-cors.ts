import { cors } from 'hono/cors'
import type { AppEnv } from '../env'

const SITE_IN_PATH = /\/api\/v1\/(?:admin\/)?sites\/([^/]+)/

/**
 * CORS for the marketer API, only for configured origins: those listed in the API_ORIGINS var
 * (comma-separated, e.g. a dashboard) and, on a site's routes, the site's `settings.apiOrigins`.
 * The site's collect origins (its shop pages) are deliberately not enough: a page that calls the
 * API from a browser holds a key, which a public shop page must not.
 * Other origins get no CORS headers, so browsers refuse to hand them the answer. Keys travel in
 * the Authorization header, never in cookies, so credentials stay off.
 */
export const apiCors = cors({
  origin: async (origin, c) => {
    const env = c.env as AppEnv['Bindings']
    const configured = (env.API_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (configured.includes(origin)) return origin
    const site = SITE_IN_PATH.exec(c.req.path)?.[1]
    if (!site) return null
    const row = await env.DB.prepare("SELECT settings ->> '$.apiOrigins' AS origins FROM sites WHERE id = ?")
      .bind(decodeURIComponent(site))
      .first<{ origins: string | null }>()
    const allowed: unknown = row?.origins ? JSON.parse(row.origins) : []
    return Array.isArray(allowed) && allowed.includes(origin) ? origin : null
  },
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
  exposeHeaders: ['ETag', 'Retry-After'],
  maxAge: 600,
})
