import type { Context } from 'hono'
import { cors } from 'hono/cors'
import { db } from '../../db/client'
import { getSite, type Site } from '../../site/load'
import type { AppEnv } from '../../env'
import { originAllowed } from '../../site/origin'
import { fail } from './fail'

/**
 * CORS for the visitor-facing routes. A preflight carries no site, so any origin may ask; the real
 * request is then checked against the site's allowed origins by `siteForRequest` before anything
 * is read or written, and a foreign origin gets a 403 without data.
 */
export const visitorCors = cors({
  origin: (origin) => origin || null,
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['content-type', 'x-heed-visitor'],
  maxAge: 600,
})

/**
 * Resolves the site a visitor request names and checks the browser's Origin against the site's
 * allowed origins. A request without Origin (a server, curl) is not a cross-site browser request
 * and is let through: the visitor id is the credential, not the origin.
 */
export async function siteForRequest(
  c: Context<AppEnv>,
  siteId: string | undefined,
): Promise<{ site: Site } | { error: Response }> {
  if (!siteId || siteId.length > 64)
    return { error: fail(c, 400, 'invalid_site', 'A site id is required', { path: 'site' }) }
  const site = await getSite(db(c.env.DB), siteId)
  if (!site) return { error: fail(c, 403, 'unknown_site', 'No such site') }
  if (!originAllowed(c.req.header('origin'), site.allowedOrigins)) {
    return { error: fail(c, 403, 'origin_not_allowed', 'This origin may not use this site') }
  }
  return { site }
}

/** Reads a small JSON body sent as application/json or text/plain (sendBeacon), or fails with a 4xx. */
export async function readJson(
  c: Context<AppEnv>,
  maxBytes: number,
  opts: { optional?: boolean } = {},
): Promise<{ body: unknown } | { error: Response }> {
  const text = await c.req.text()
  if (opts.optional && text.trim() === '') return { body: undefined }
  if (new TextEncoder().encode(text).length > maxBytes) {
    return { error: fail(c, 413, 'too_large', `The body must be at most ${maxBytes} bytes`) }
  }
  try {
    return { body: JSON.parse(text) }
  } catch {
    return { error: fail(c, 400, 'invalid_json', 'The body is not JSON') }
  }
}
