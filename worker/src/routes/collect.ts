import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../env'
import { collectEvents, preflightAllowed } from '../ingest/collect'
import { LIMITS } from '../protocol'
import { fail } from './lib/fail'

/** POST /collect: the snippet's batches (docs/protocol.md). The work is in ingest/collect.ts. */
export const collect = new Hono<AppEnv>()

// Preflight for application/json bodies (text/plain beacons need none).
collect.options('/', async (c) => {
  const origin = c.req.header('origin')
  let allowed: boolean
  try {
    allowed = await preflightAllowed(c.env.DB, origin, c.req.query('site'))
  } catch {
    return fail(c, 503, 'unavailable', 'Events could not be queued; retry shortly', { retryAfter: 5 })
  }
  if (!allowed) return fail(c, 403, 'forbidden_origin', 'This origin may not send events')
  c.header('Vary', 'Origin')
  c.header('Access-Control-Allow-Origin', origin)
  c.header('Access-Control-Allow-Methods', 'POST, OPTIONS')
  c.header('Access-Control-Allow-Headers', 'Content-Type')
  c.header('Access-Control-Max-Age', '86400')
  return c.body(null, 204)
})

collect.post(
  '/',
  // Checks Content-Length and counts chunked bodies as they stream (hono ≥ 4.12.18).
  bodyLimit({
    maxSize: LIMITS.maxBodyBytes,
    onError: (c) => fail(c, 413, 'too_large', `Body exceeds ${LIMITS.maxBodyBytes} bytes`),
  }),
  async (c) => {
    const receivedAt = Date.now()
    let body: string
    try {
      body = await c.req.text()
    } catch {
      return fail(c, 400, 'invalid_body', 'Body could not be read')
    }
    const outcome = await collectEvents(c.env, {
      body,
      receivedAt,
      origin: c.req.header('origin'),
      userAgent: c.req.header('user-agent') ?? '',
      clientHints: c.req.header('sec-ch-ua') ?? null,
      gpc: c.req.header('sec-gpc') ?? null,
      ip: c.req.header('cf-connecting-ip') ?? '',
      cf: c.req.raw.cf as Record<string, unknown> | undefined,
    })
    if (outcome.allowOrigin !== undefined) {
      c.header('Vary', 'Origin')
      c.header('Access-Control-Allow-Origin', outcome.allowOrigin)
    }
    if (outcome.ok) return c.json(outcome.body, 202)
    if (outcome.retryAfter !== undefined) c.header('Retry-After', String(outcome.retryAfter))
    return c.json(outcome.body, outcome.status)
  },
)
