import type { Context } from 'hono'
import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import { isVisitorSecret, type ProveOptions, proveVisitor } from '../../consent/credential'
import { db } from '../../db/client'
import { getSite, type Site } from '../../site/load'
import type { AppEnv } from '../../env'
import { clientAddressToday } from '../../ingest/salts'
import { overLimit } from '../../lib/limit'
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
  allowHeaders: ['content-type', 'x-heed-visitor', 'x-heed-secret'],
  maxAge: 600,
})

/** The requesting client's address as today's salted hash: the rate-limit and audit key of the visitor routes. */
export function requestAddress(c: Context<AppEnv>): Promise<string> {
  return clientAddressToday(c.env.DB, c.req.header('cf-connecting-ip') ?? '', Date.now())
}

/**
 * The visitor routes' rate limit (VISITOR_LIMITER), per client address, before anything is read
 * or written: the visitor id a request names is the sender's choice, its address is not.
 */
export const visitorLimit = createMiddleware<AppEnv>(async (c, next) => {
  let address: string
  try {
    address = await requestAddress(c)
  } catch {
    return fail(c, 503, 'unavailable', 'Try again shortly', { retryAfter: 5 })
  }
  if (await overLimit(c.env.VISITOR_LIMITER, address))
    return fail(c, 429, 'rate_limited', 'Too many requests from this address; retry in a minute', {
      retryAfter: 60,
    })
  await next()
})

/**
 * Resolves the site a visitor request names and checks the browser's Origin against the site's
 * allowed origins. A request without Origin (a server, curl) is not a cross-site browser request
 * and is let through: the visitor's secret is the credential, not the origin (`ownVisitor`).
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

/**
 * The visitor secret a request carries: the `X-Heed-Secret` header, else `secret` in its JSON body.
 * Absent is undefined; anything not shaped like a secret is a 400.
 */
export function visitorSecret(
  c: Context<AppEnv>,
  body?: Record<string, unknown>,
): { secret: string | undefined } | { error: Response } {
  const secret = c.req.header('x-heed-secret') ?? body?.secret
  if (secret === undefined || isVisitorSecret(secret)) return { secret }
  return { error: fail(c, 400, 'invalid_visitor_secret', 'Not a Heed visitor secret', { path: 'secret' }) }
}

/** Checks that the caller holds the visitor's secret (consent/credential.ts), or answers 403. */
export async function ownVisitor(
  c: Context<AppEnv>,
  siteId: string,
  vid: string,
  secret: string | undefined,
  opts?: ProveOptions,
): Promise<Response | null> {
  const proof = await proveVisitor(c.env.DB, siteId, vid, secret, opts)
  return proof.ok ? null : fail(c, 403, proof.code, proof.message)
}
