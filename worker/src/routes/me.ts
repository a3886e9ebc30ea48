import { type Context, Hono } from 'hono'
import { eraseVisitor } from '../consent/erase'
import { exportVisitor } from '../consent/export'
import { fail } from './lib/fail'
import {
  ownVisitor,
  readJson,
  requestAddress,
  siteForRequest,
  visitorCors,
  visitorLimit,
  visitorSecret,
} from './lib/visitor'
import { isStrongVisitorId } from '../consent/visitor-id'
import type { AppEnv } from '../env'

/**
 * Visitor self-service: GET /me/export and POST /me/delete. The visitor id goes in the
 * `X-Heed-Visitor` header or the JSON body, the visitor's secret in `X-Heed-Secret` or the body —
 * never in the URL, where they would end up in logs and histories. A visitor with stored data is
 * served only with their secret (consent/credential.ts).
 */
export const me = new Hono<AppEnv>()

me.use('*', visitorCors)
me.use('*', visitorLimit)

/** The site comes from ?site= (not secret); the visitor id and secret from the headers or body. */
async function visitorRequest(c: Context<AppEnv>, body?: Record<string, unknown>) {
  const query = c.req.query()
  if ('vid' in query || 'visitor' in query || Object.values(query).some(isStrongVisitorId)) {
    return { error: fail(c, 400, 'visitor_id_in_url', 'Send the visitor id in the X-Heed-Visitor header') }
  }
  if ('secret' in query) {
    return { error: fail(c, 400, 'visitor_secret_in_url', 'Send the secret in the X-Heed-Secret header') }
  }
  const vid = c.req.header('x-heed-visitor') ?? body?.vid
  if (vid === undefined) return { error: fail(c, 401, 'unauthorized', 'The visitor id is required') }
  if (!isStrongVisitorId(vid)) return { error: fail(c, 400, 'invalid_visitor_id', 'Not a Heed visitor id') }
  const siteId = query.site ?? (typeof body?.site === 'string' ? body.site : undefined)
  const given = visitorSecret(c, body)
  if ('error' in given) return given
  const access = await siteForRequest(c, siteId)
  if ('error' in access) return access
  const refused = await ownVisitor(c, access.site.id, vid, given.secret)
  if (refused) return { error: refused }
  return { siteId: access.site.id, vid }
}

me.get('/export', async (c) => {
  const req = await visitorRequest(c)
  if ('error' in req) return req.error
  const data = await exportVisitor(c.env.DB, req.siteId, req.vid, Date.now(), c.env)
  c.header('cache-control', 'no-store')
  c.header('content-disposition', `attachment; filename="heed-data-${req.siteId}.json"`)
  return c.json(data)
})

me.post('/delete', async (c) => {
  const read = await readJson(c, 1024, { optional: true })
  if ('error' in read) return read.error
  const body = read.body
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    return fail(c, 400, 'invalid_body', 'The body must be a JSON object')
  }
  const req = await visitorRequest(c, body as Record<string, unknown> | undefined)
  if ('error' in req) return req.error
  const erased = await eraseVisitor(c.env.DB, req.siteId, req.vid, 'self-service', {
    unmatchedKey: await requestAddress(c),
  })
  c.header('cache-control', 'no-store')
  return c.json({ deleted: erased.counts, erasure_id: erased.id })
})
