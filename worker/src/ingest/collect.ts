/**
 * POST /collect from the envelope's text to the EVENTS queue: site and origin, the client
 * address's rate limit, bots, consent, the visitor (sent id or cookieless hash) and its rate
 * limit, the daily quota and the address's share of it (quota.ts), the pipeline, this
 * isolate's replay check and burst meter, then one queue message. The route only reads the request
 * and turns the outcome into a response.
 */
import { jurisdictionOf } from '../consent/decision'
import type { Env } from '../env'
import { overLimit } from '../lib/limit'
import type { CollectResponse, ErrorBody } from '../protocol'
import { loadSite } from '../site/load'
import { originAllowed, originIsAllowedAnywhere } from '../site/origin'
import { detectBot } from './bot'
import { BurstMeter } from './burst'
import { enforceConsent } from './consent'
import { RecentKeys } from './dedupe'
import { requestFacts } from './enrich'
import { clientAddressHash, cookielessVisitorId, utcDay } from './identity'
import { parseEnvelope } from './parse'
import { runPipeline } from './pipeline'
import { quarantineRow } from './quarantine'
import { checkQuota, noteAccepted, type QuotaVerdict, secondsUntilUtcMidnight } from './quota'
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

  // Limits key first on what the sender cannot choose: the client address (salted, like the
  // cookieless id). The visitor id, which the envelope names, is only the second key.
  let salt: string
  try {
    salt = await todaysSalt(env.DB, receivedAt)
  } catch {
    return unavailable(allowOrigin)
  }
  const address = await clientAddressHash(salt, req.ip)
  if (await overLimit(env.COLLECT_LIMITER, `${site.id}:address:${address}`)) {
    return failure(429, 'rate_limited', 'Too many requests from this address; retry later', {
      retryAfter: 60,
      allowOrigin,
    })
  }

  const bot = detectBot(req.userAgent, req.clientHints, envelope.hints)
  if (bot) {
    const rejected = envelope.events.map((e) => ({ id: rawId(e), reason: 'bot' }))
    const sent = await sendIngestMessage(env.EVENTS, {
      site_id: site.id,
      received_at: receivedAt,
      events: [],
      quarantine: [],
      bots: [
        {
          id: crypto.randomUUID(),
          site_id: site.id,
          day: utcDay(receivedAt),
          reason: bot,
          count: envelope.events.length,
        },
      ],
    })
    if (!sent) return unavailable(allowOrigin)
    return { ok: true, body: { accepted: 0, duplicates: 0, rejected }, allowOrigin }
  }

  const consent = enforceConsent(envelope, req.gpc)
  const vid = consent.vid ?? (await cookielessVisitorId(salt, site.id, req.ip, req.userAgent))
  if (await overLimit(env.COLLECT_LIMITER, `${site.id}:visitor:${vid}`)) {
    return failure(429, 'rate_limited', 'Too many requests for this visitor; retry later', {
      retryAfter: 60,
      allowOrigin,
    })
  }

  let quota: QuotaVerdict
  try {
    quota = await checkQuota(env.DB, site.id, address, site.settings.ingest.dailyQuota, receivedAt)
  } catch {
    return unavailable(allowOrigin)
  }
  if (!quota.ok) {
    return failure(429, quota.code, quota.message, {
      retryAfter: secondsUntilUtcMidnight(receivedAt),
      allowOrigin,
    })
  }
  // Under quota pressure the address's accepted events are counted against its share.
  const counted = quota.pressure ? address : null

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
    ...(counted === null ? {} : { address: counted }),
  })
  if (!sent) return unavailable(allowOrigin)
  noteAccepted(site.id, counted, events.length, receivedAt)
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
