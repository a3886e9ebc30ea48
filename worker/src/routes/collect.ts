import { jurisdictionOf } from '../consent/decision'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../env'
import { BurstMeter } from '../ingest/burst'
import { enforceConsent } from '../ingest/consent'
import { RecentKeys } from '../ingest/dedupe'
import { requestFacts } from '../ingest/enrich'
import { detectBot } from '../ingest/bot'
import { cookielessVisitorId, utcDay } from '../ingest/identity'
import {
  type IngestSite,
  loadSite,
  noteAccepted,
  secondsUntilUtcMidnight,
  todaysSalt,
  usageSoFar,
} from '../ingest/lookups'
import { originAllowed } from '../ingest/origin'
import { parseEnvelope } from '../ingest/parse'
import { runPipeline } from '../ingest/pipeline'
import { quarantineRow } from '../ingest/quarantine'
import { sendIngestMessage } from '../ingest/send'
import { originIsAllowedAnywhere } from '../db/queries/events'
import { LIMITS, type CollectResponse, type ErrorBody } from '../protocol'

type Status = 400 | 403 | 413 | 429 | 503

function fail(c: Context<AppEnv>, status: Status, code: string, message: string, path?: string) {
  const body: ErrorBody = { error: path === undefined ? { code, message } : { code, message, path } }
  return c.json(body, status)
}

function corsHeaders(c: Context<AppEnv>, origin: string | undefined) {
  c.header('Vary', 'Origin')
  if (origin) c.header('Access-Control-Allow-Origin', origin)
}

// Per-isolate state: recent keys make replays visible in the answer; the meter catches bursts.
const recentEvents = new RecentKeys(20_000)
const recentOrders = new RecentKeys(5_000)
const burst = new BurstMeter()

export const collect = new Hono<AppEnv>()

// Preflight for application/json bodies (text/plain beacons need none).
collect.options('/', async (c) => {
  const origin = c.req.header('origin')
  const siteId = c.req.query('site')
  let allowed = false
  try {
    if (origin && siteId) {
      const site = await loadSite(c.env.DB, siteId, Date.now())
      allowed = site !== null && originAllowed(origin, site.allowedOrigins)
    } else if (origin) allowed = await originIsAllowedAnywhere(c.env.DB, origin)
  } catch {
    return unavailable(c)
  }
  if (!allowed) return fail(c, 403, 'forbidden_origin', 'This origin may not send events')
  corsHeaders(c, origin)
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
    let text: string
    try {
      text = await c.req.text()
    } catch {
      return fail(c, 400, 'invalid_body', 'Body could not be read')
    }
    const parsed = parseEnvelope(text)
    if (!parsed.ok) return fail(c, 400, parsed.error.code, parsed.error.message, parsed.error.path)
    const envelope = parsed.envelope

    let site: IngestSite | null
    try {
      site = await loadSite(c.env.DB, envelope.site, receivedAt)
    } catch {
      return unavailable(c)
    }
    if (!site) return fail(c, 403, 'unknown_site', 'Unknown site')
    const origin = c.req.header('origin')
    if (!originAllowed(origin, site.allowedOrigins))
      return fail(c, 403, 'forbidden_origin', 'This origin may not send events for this site')
    corsHeaders(c, origin)

    const userAgent = c.req.header('user-agent') ?? ''
    const bot = detectBot(userAgent, c.req.header('sec-ch-ua') ?? null, envelope.hints)
    if (bot) {
      const rejected = envelope.events.map((e) => ({ id: rawId(e), reason: 'bot' }))
      const sent = await sendIngestMessage(c.env.EVENTS, {
        site_id: site.id,
        received_at: receivedAt,
        events: [],
        quarantine: [],
        bots: [{ site_id: site.id, day: utcDay(receivedAt), reason: bot, count: envelope.events.length }],
      })
      if (!sent) return unavailable(c)
      return c.json({ accepted: 0, duplicates: 0, rejected } satisfies CollectResponse, 202)
    }

    const consent = enforceConsent(envelope, c.req.header('sec-gpc') ?? null)
    let vid = consent.vid
    if (!vid) {
      let salt: string
      try {
        salt = await todaysSalt(c.env.DB, receivedAt)
      } catch {
        return unavailable(c)
      }
      vid = await cookielessVisitorId(salt, site.id, c.req.header('cf-connecting-ip') ?? '', userAgent)
    }

    const limiter = c.env.COLLECT_LIMITER
    if (limiter && !(await limiter.limit({ key: `${site.id}:${vid}` })).success) {
      c.header('Retry-After', '60')
      return fail(c, 429, 'rate_limited', 'Too many requests for this visitor; retry later')
    }

    let used: number
    try {
      used = await usageSoFar(c.env.DB, site.id, receivedAt)
    } catch {
      return unavailable(c)
    }
    if (used >= site.settings.ingest.dailyQuota) {
      c.header('Retry-After', String(secondsUntilUtcMidnight(receivedAt)))
      return fail(c, 429, 'quota_exceeded', 'This site has used its daily event quota')
    }

    const result = runPipeline(envelope, {
      site,
      receivedAt,
      facts: requestFacts(userAgent, c.req.raw.cf as Record<string, unknown> | undefined),
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

    const fit = burst.admit(
      `${site.id}:${vid}`,
      fresh.length,
      site.settings.ingest.maxEventsPerVisitorMinute,
      receivedAt,
    )
    const events = fresh.slice(0, fit)
    for (const e of fresh.slice(fit)) {
      result.rejected.push({ id: e.id, reason: 'visitor_burst' })
      result.quarantine.push(
        quarantineRow(
          site.id,
          e.id,
          'visitor_burst',
          `more than ${site.settings.ingest.maxEventsPerVisitorMinute} events per minute`,
          e,
          receivedAt,
        ),
      )
    }

    const sent = await sendIngestMessage(c.env.EVENTS, {
      site_id: site.id,
      received_at: receivedAt,
      events,
      quarantine: result.quarantine,
      bots: [],
      gpc: consent.gpc,
      jurisdiction: consent.gpc
        ? jurisdictionOf((c.req.raw.cf ?? {}) as { country?: string; regionCode?: string })
        : undefined,
    })
    if (!sent) return unavailable(c)
    noteAccepted(site.id, events.length, receivedAt)
    for (const e of events) {
      recentEvents.add(`${e.site_id}:${e.id}`)
      if (e.order_id !== null) recentOrders.add(`${e.site_id}:${e.order_id}`)
    }
    return c.json(
      { accepted: events.length, duplicates, rejected: result.rejected } satisfies CollectResponse,
      202,
    )
  },
)

function rawId(e: unknown): string | null {
  const id = e !== null && typeof e === 'object' ? (e as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id.slice(0, 64) : null
}

function unavailable(c: Context<AppEnv>) {
  c.header('Retry-After', '5')
  return fail(c, 503, 'unavailable', 'Events could not be queued; retry shortly')
}
