/**
 * POST /collect from the envelope's text to the EVENTS queue: site and origin, bots, consent,
 * the visitor (sent id or cookieless hash), rate limit and daily quota, the pipeline, this
 * isolate's replay check and burst meter, then one queue message. The route only reads the request
 * and turns the outcome into a response.
 */
import { jurisdictionOf } from '../consent/decision'
import type { Env } from '../env'
import type { CollectResponse, ErrorBody } from '../protocol'
import { loadSite } from '../site/load'
import { originAllowed, originIsAllowedAnywhere } from '../site/origin'
import { detectBot } from './bot'
import { BurstMeter } from './burst'
import { enforceConsent } from './consent'
import { RecentKeys } from './dedupe'
import { requestFacts } from './enrich'
import { cookielessVisitorId, utcDay } from './identity'
import { parseEnvelope } from './parse'
import { runPipeline } from './pipeline'
import { quarantineRow } from './quarantine'
import { noteAccepted, secondsUntilUtcMidnight, usageSoFar } from './quota'
import { todaysSalt } from './salts'
import { sendIngestMessage } from './send'

/** What /collect reads from the request besides its body. */
export interface CollectRequest {
  body: string
  receivedAt: number
  origin: string | undefined
  userAgent: string
  /** Sec-CH-UA, which names headless browsers that hide it in the user agent. */
  clientHints: string | null
  /** Sec-GPC */
  gpc: string | null
  /** The client address: it only ever enters the cookieless hash. */
  ip: string
  cf: Record<string, unknown> | undefined
}

export type CollectStatus = 400 | 403 | 429 | 503

/**
 * The answer: 202 with the counts, or an error with its status. `allowOrigin` is the origin to
 * name in Access-Control-Allow-Origin once it passed the site's check, so the page can read errors
 * that come later (429, 503).
 */
export type CollectOutcome =
  | { ok: true; body: CollectResponse; allowOrigin?: string }
  | { ok: false; status: CollectStatus; body: ErrorBody; retryAfter?: number; allowOrigin?: string }

const failure = (
  status: CollectStatus,
  code: string,
  message: string,
  extra: { path?: string; retryAfter?: number; allowOrigin?: string } = {},
): CollectOutcome => {
  const { path, ...rest } = extra
  return {
    ok: false,
    status,
    body: { error: path === undefined ? { code, message } : { code, message, path } },
    ...rest,
  }
}

const unavailable = (allowOrigin?: string) =>
  failure(503, 'unavailable', 'Events could not be queued; retry shortly', { retryAfter: 5, allowOrigin })

// Per-isolate state: recent keys make replays visible in the answer; the meter catches bursts.
const recentEvents = new RecentKeys(20_000)
const recentOrders = new RecentKeys(5_000)
const burst = new BurstMeter()

/** Whether a CORS preflight from `origin` may go on (the site when the page names it, else any site). */
export async function preflightAllowed(
  d1: D1Database,
  origin: string | undefined,
  siteId: string | undefined,
) {
  if (!origin) return false
  if (!siteId) return originIsAllowedAnywhere(d1, origin)
  const site = await loadSite(d1, siteId, Date.now())
  return site !== null && originAllowed(origin, site.allowedOrigins)
}

export async function collectEvents(
  env: Pick<Env, 'DB' | 'EVENTS' | 'COLLECT_LIMITER'>,
  req: CollectRequest,
): Promise<CollectOutcome> {
  const { receivedAt } = req
  const parsed = parseEnvelope(req.body)
  if (!parsed.ok) return failure(400, parsed.error.code, parsed.error.message, { path: parsed.error.path })
  const envelope = parsed.envelope

  let site: Awaited<ReturnType<typeof loadSite>>
  try {
    site = await loadSite(env.DB, envelope.site, receivedAt)
  } catch {
    return unavailable()
  }
  if (!site) return failure(403, 'unknown_site', 'Unknown site')
  if (!originAllowed(req.origin, site.allowedOrigins))
    return failure(403, 'forbidden_origin', 'This origin may not send events for this site')
  const allowOrigin = req.origin || undefined

  const bot = detectBot(req.userAgent, req.clientHints, envelope.hints)
  if (bot) {
    const rejected = envelope.events.map((e) => ({ id: rawId(e), reason: 'bot' }))
    const sent = await sendIngestMessage(env.EVENTS, {
      site_id: site.id,
      received_at: receivedAt,
      events: [],
      quarantine: [],
      bots: [{ site_id: site.id, day: utcDay(receivedAt), reason: bot, count: envelope.events.length }],
    })
    if (!sent) return unavailable(allowOrigin)
    return { ok: true, body: { accepted: 0, duplicates: 0, rejected }, allowOrigin }
  }

  const consent = enforceConsent(envelope, req.gpc)
  let vid = consent.vid
  if (!vid) {
    let salt: string
    try {
      salt = await todaysSalt(env.DB, receivedAt)
    } catch {
      return unavailable(allowOrigin)
    }
    vid = await cookielessVisitorId(salt, site.id, req.ip, req.userAgent)
  }

  const limiter = env.COLLECT_LIMITER
  if (limiter && !(await limiter.limit({ key: `${site.id}:${vid}` })).success) {
    return failure(429, 'rate_limited', 'Too many requests for this visitor; retry later', {
      retryAfter: 60,
      allowOrigin,
    })
  }

  let used: number
  try {
    used = await usageSoFar(env.DB, site.id, receivedAt)
  } catch {
    return unavailable(allowOrigin)
  }
  if (used >= site.settings.ingest.dailyQuota) {
    return failure(429, 'quota_exceeded', 'This site has used its daily event quota', {
      retryAfter: secondsUntilUtcMidnight(receivedAt),
      allowOrigin,
    })
  }

  const result = runPipeline(envelope, {
    site,
    receivedAt,
    facts: requestFacts(req.userAgent, req.cf),
    consent,
    vid,
  })

  // Replays this isolate has already accepted: answered as duplicates (the store ignores them anyway).
  // A purchase counts once per order id, also within one request.
  let duplicates = result.duplicates
  const ordersHere = new Set<string>()
  const fresh = result.events.filter((e) => {
    const order = e.order_id === null ? null : `${e.site_id}:${e.order_id}`
    const repeated =
      recentEvents.has(`${e.site_id}:${e.id}`) ||
      (order !== null && (recentOrders.has(order) || ordersHere.has(order)))
    if (order !== null) ordersHere.add(order)
    if (repeated) duplicates++
    return !repeated
  })

  const perMinute = site.settings.ingest.maxEventsPerVisitorMinute
  const fit = burst.admit(`${site.id}:${vid}`, fresh.length, perMinute, receivedAt)
  const events = fresh.slice(0, fit)
  for (const e of fresh.slice(fit)) {
    result.rejected.push({ id: e.id, reason: 'visitor_burst' })
    result.quarantine.push(
      quarantineRow(
        site.id,
        e.id,
        'visitor_burst',
        `more than ${perMinute} events per minute`,
        e,
        receivedAt,
        { vid },
      ),
    )
  }

  const sent = await sendIngestMessage(env.EVENTS, {
    site_id: site.id,
    received_at: receivedAt,
    events,
    quarantine: result.quarantine,
    bots: [],
    gpc: consent.gpc,
    jurisdiction: consent.gpc
      ? jurisdictionOf((req.cf ?? {}) as { country?: string; regionCode?: string })
      : undefined,
  })
  if (!sent) return unavailable(allowOrigin)
  noteAccepted(site.id, events.length, receivedAt)
  for (const e of events) {
    recentEvents.add(`${e.site_id}:${e.id}`)
    if (e.order_id !== null) recentOrders.add(`${e.site_id}:${e.order_id}`)
  }
  return { ok: true, body: { accepted: events.length, duplicates, rejected: result.rejected }, allowOrigin }
}

function rawId(e: unknown): string | null {
  const id = e !== null && typeof e === 'object' ? (e as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id.slice(0, 64) : null
}
