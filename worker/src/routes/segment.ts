import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { scopeAllows } from '../auth/scopes'
import type { AppEnv } from '../env'
import { overLimit } from '../lib/limit'
import { noteKeyUse, resolveCaller } from '../middleware/auth'
import { ingestSegment } from '../sources/segment/ingest'
import { SEGMENT_LIMITS, toMillis, tooDeepAt } from '../sources/segment/message'
import { type FailStatus, fail as failWith } from './lib/fail'

/**
 * Segment-compatible HTTP Tracking API: /v1/batch, /v1/track, /v1/page, /v1/screen, /v1/identify,
 * /v1/alias, /v1/group. A site's write key is the Basic-auth username (as Segment's SDKs send it) or the body's
 * `writeKey`. Answers 200 `{ success: true }` like Segment (plus what was accepted and rejected).
 */
export const segment = new Hono<AppEnv>()

/** Segment's SDKs read `success`; a 401 names the Basic scheme they authenticate with. */
function fail(c: Context, status: FailStatus, code: string, message: string, retryAfter?: number) {
  if (status === 401) c.header('WWW-Authenticate', 'Basic realm="heed"')
  return failWith(c, status, code, message, { segment: true, retryAfter })
}

/** The write key from `Authorization: Basic base64(key:)`, or null. */
export function basicUsername(header: string | undefined): string | null {
  const token = header?.match(/^Basic\s+(\S+)$/i)?.[1]
  if (!token) return null
  let decoded: string
  try {
    decoded = atob(token)
  } catch {
    return null
  }
  const user = decoded.split(':')[0]
  return user ? user : null
}

segment.use(
  '*',
  bodyLimit({
    maxSize: SEGMENT_LIMITS.maxBatchBytes,
    // Segment answers an oversized batch with 400, which its SDKs do not retry.
    onError: (c) =>
      fail(c, 400, 'too_large', `A request may be at most ${SEGMENT_LIMITS.maxBatchBytes} bytes`),
  }),
)

async function handle(c: Context<AppEnv>, type: string | null) {
  const receivedAt = Date.now()
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    return fail(c, 400, 'invalid_json', 'The body must be JSON')
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return fail(c, 400, 'invalid_body', 'The body must be a JSON object')
  // Deep nesting is a broken client, not a busy server: a 400, which the SDKs do not retry.
  const deep = tooDeepAt(body, SEGMENT_LIMITS.maxDepth)
  if (deep !== null)
    return fail(c, 400, 'too_deep', `${deep} nests deeper than ${SEGMENT_LIMITS.maxDepth} levels; flatten it`)
  const payload = body as Record<string, unknown>

  const writeKey =
    basicUsername(c.req.header('authorization')) ??
    (typeof payload.writeKey === 'string' ? payload.writeKey : null)
  const caller = writeKey ? await resolveCaller(c.env, `Bearer ${writeKey}`) : null
  if (caller?.kind !== 'key') return fail(c, 401, 'unauthorized', 'A valid site write key is required')
  if (!scopeAllows(caller.scopes, 'ingest'))
    return fail(c, 403, 'forbidden', 'This key lacks the "ingest" scope')
  await noteKeyUse(c, caller)
  if (await overLimit(c.env.SEGMENT_LIMITER, `key:${caller.keyId}`))
    return fail(c, 429, 'rate_limited', 'Too many requests for this key; retry in a minute', 60)

  let messages: unknown[]
  if (type === null) {
    if (!Array.isArray(payload.batch))
      return fail(c, 400, 'invalid_body', 'batch must be an array of messages')
    // Batch-level context and integrations apply to every message that does not set its own.
    const shared = payload.context && typeof payload.context === 'object' ? payload.context : undefined
    messages = payload.batch.map((m) =>
      shared && m && typeof m === 'object' && !Array.isArray(m)
        ? { ...m, context: { ...(shared as object), ...((m as { context?: object }).context ?? {}) } }
        : m,
    )
  } else {
    // A single-call endpoint names the type, as Segment's does.
    messages = [{ ...payload, type }]
  }
  const sentAt = toMillis(
    typeof payload.sentAt === 'string' || typeof payload.sentAt === 'number' ? payload.sentAt : undefined,
  )
  const outcome = await ingestSegment(c.env, caller.siteId, messages, { batchSentAt: sentAt, receivedAt })
  if (outcome.overQuota)
    return fail(c, 429, 'quota_exceeded', outcome.overQuota.message, outcome.overQuota.retryAfter)
  if (!outcome.queued) {
    return fail(c, 503, 'unavailable', 'Events could not be queued; retry shortly', 5)
  }
  return c.json({
    success: true,
    accepted: outcome.accepted,
    duplicates: outcome.duplicates,
    rejected: outcome.rejected,
  })
}

segment.post('/batch', (c) => handle(c, null))
segment.post('/import', (c) => handle(c, null)) // Segment's older alias of /batch
for (const type of ['track', 'page', 'screen', 'identify', 'alias', 'group'] as const) {
  segment.post(`/${type}`, (c) => handle(c, type))
}
