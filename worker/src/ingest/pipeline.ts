import type { ParsedEnvelope, ParsedEvent } from '../protocol'
import type { Site } from '../site/load'
import { attribute } from './attribution'
import { capVisibleMs, checkMoney } from './clean'
import type { ConsentDecision } from './consent'
import { collapseClicks } from './dedupe'
import { eventTime, type RequestFacts } from './enrich'
import { parseEvent } from './parse'
import { sanitizeItems, sanitizeProps } from './props'
import { quarantineRow } from './quarantine'
import type { EventRow, QuarantineRow } from './row'
import { cleanText, safeText, truncate } from './scrub'
import { sanitizeReferrer, sanitizeUrl } from './url'

/** What the pipeline needs of a site. */
export type PipelineSite = Pick<Site, 'id' | 'currency' | 'settings'>

/** Everything the pipeline knows about one request besides its envelope. */
export interface RequestContext {
  site: PipelineSite
  receivedAt: number
  facts: RequestFacts
  consent: ConsentDecision
  /** The client's visitor id (analytics consent) or the cookieless hash. */
  vid: string
  /**
   * Server sources (Segment) correct clock drift upstream and may backfill last month's orders:
   * their timestamps are kept as sent instead of the browser rule (> 24 h off → receive time).
   */
  trustedTimestamp?: boolean
  /** A flag every row of this request carries in `events.flags` (e.g. SERVER_FLAG). */
  originFlag?: string
}

/** The flag on every row sent by a server (Segment API), so timelines can tell it from the web. */
export const SERVER_FLAG = 'server'

export interface Rejection {
  id: string | null
  reason: string
}

export interface PipelineResult {
  events: EventRow[]
  rejected: Rejection[]
  quarantine: QuarantineRow[]
  duplicates: number
}

export const MAX_TITLE_LENGTH = 300
const MAX_TEXT_LENGTH = 300

type Built = { ok: true; row: EventRow } | { ok: false; reason: string; detail: string; keepPayload: boolean }

function buildRow(e: ParsedEvent, ctx: RequestContext): Built {
  const { site } = ctx
  const page = sanitizeUrl(e.url, site.settings)
  if (!page)
    return { ok: false, reason: 'invalid_url', detail: 'url: expected an http(s) URL', keepPayload: true }
  const referrer = e.type === 'pageview' ? sanitizeReferrer(e.referrer) : null
  const { source, medium } = attribute(page, referrer, e.type === 'pageview')
  const time = ctx.trustedTimestamp ? { ts: e.ts, skewMs: null } : eventTime(e.ts, ctx.receivedAt)
  const flags: string[] = []
  if (time.skewMs !== null) flags.push('clock_skew')
  if (page.paid) flags.push('paid')
  if (ctx.originFlag) flags.push(ctx.originFlag)

  const row: EventRow = {
    site_id: site.id,
    id: e.id.toLowerCase(),
    type: e.type,
    ts: time.ts,
    received_at: ctx.receivedAt,
    vid: ctx.vid,
    sid: ctx.consent.sid,
    url: page.url,
    path: page.path,
    title: null,
    referrer: referrer?.url ?? null,
    source,
    medium,
    utm_source: page.utm.source,
    utm_medium: page.utm.medium,
    utm_campaign: page.utm.campaign,
    utm_term: page.utm.term,
    utm_content: page.utm.content,
    country: ctx.facts.country,
    region: ctx.facts.region,
    city: ctx.facts.city,
    device: ctx.facts.device,
    browser: ctx.facts.browser,
    os: ctx.facts.os,
    name: null,
    query: null,
    results: null,
    order_id: null,
    value: null,
    currency: null,
    props: null,
    flags: null,
    marketing: ctx.consent.marketing ? 1 : 0,
  }
  const props: Record<string, unknown> = {}
  if (time.skewMs !== null) props.clock_skew_ms = time.skewMs

  switch (e.type) {
    case 'pageview':
      row.title = safeText(e.title, MAX_TITLE_LENGTH)
      break
    case 'engagement': {
      const capped = capVisibleMs(e.visible_ms, site.settings.ingest)
      if (capped.flag) flags.push(capped.flag)
      props.visible_ms = capped.visibleMs
      props.scroll_pct = Math.round(e.scroll_pct)
      break
    }
    case 'click': {
      row.name = e.name === undefined ? null : safeText(e.name, 200)
      props.tag = cleanText(e.tag).toLowerCase()
      props.kind = e.kind
      props.text = safeText(e.text, MAX_TEXT_LENGTH)
      props.href = sanitizeReferrer(e.href)?.url ?? null
      if (e.props) props.props = sanitizeProps(e.props)
      break
    }
    case 'search': {
      row.query = safeText(e.query, MAX_TEXT_LENGTH)
      if (row.query === null)
        return {
          ok: false,
          reason: 'invalid_event',
          detail: 'query: empty after cleaning',
          keepPayload: true,
        }
      row.results = e.results ?? null
      break
    }
    case 'purchase':
    case 'view_item':
    case 'add_to_cart':
    case 'begin_checkout': {
      const items = sanitizeItems(e.items)
      const verdict = checkMoney(
        { value: e.value ?? null, currency: e.currency ?? null, items },
        site.currency,
        site.settings.ingest,
      )
      if (!verdict.ok) return { ok: false, reason: verdict.reason, detail: verdict.detail, keepPayload: true }
      flags.push(...verdict.flags)
      row.value = e.value ?? null
      row.currency = verdict.currency
      if (e.type === 'purchase') row.order_id = truncate(cleanText(e.order_id), 200)
      props.items = items
      break
    }
    case 'custom':
      row.name = truncate(cleanText(e.name), 200)
      if (e.props) props.props = sanitizeProps(e.props)
      break
    case 'identify':
      // The pipeline rejects identify without analytics consent before building a row.
      props.user_id = truncate(cleanText(e.user_id), 200)
      if (e.traits) props.traits = sanitizeProps(e.traits)
      break
  }
  if (Object.keys(props).length > 0) row.props = JSON.stringify(props)
  if (flags.length > 0) row.flags = JSON.stringify(flags)
  return { ok: true, row }
}

/**
 * One envelope → rows to store, per-event rejections (each also quarantined) and duplicates.
 * Pure: the request-level facts (site, consent, visitor, geo, device) come in `ctx`.
 */
export function runPipeline(envelope: ParsedEnvelope, ctx: RequestContext): PipelineResult {
  const rows: EventRow[] = []
  const rejected: Rejection[] = []
  const quarantine: QuarantineRow[] = []
  const seen = new Set<string>()
  let duplicates = 0
  const siteId = ctx.site.id
  for (const raw of envelope.events) {
    const parsed = parseEvent(raw)
    if (!parsed.ok) {
      rejected.push({ id: parsed.id, reason: parsed.reason })
      quarantine.push(
        quarantineRow(siteId, parsed.id, parsed.reason, parsed.detail, raw, ctx.receivedAt, { vid: ctx.vid }),
      )
      continue
    }
    const e = parsed.event
    const id = e.id.toLowerCase()
    if (seen.has(id)) {
      duplicates++
      continue
    }
    seen.add(id)
    if (e.type === 'identify' && !ctx.consent.analytics) {
      // Nothing of an identify without consent may be kept, not even in quarantine.
      rejected.push({ id, reason: 'consent_required' })
      quarantine.push(
        quarantineRow(
          siteId,
          id,
          'consent_required',
          'identify needs analytics consent',
          undefined,
          ctx.receivedAt,
        ),
      )
      continue
    }
    const built = buildRow(e, ctx)
    if (!built.ok) {
      rejected.push({ id, reason: built.reason })
      quarantine.push(
        quarantineRow(
          siteId,
          id,
          built.reason,
          built.detail,
          built.keepPayload ? raw : undefined,
          ctx.receivedAt,
          { vid: ctx.vid },
        ),
      )
      continue
    }
    rows.push(built.row)
  }
  const collapsed = collapseClicks(rows)
  return { events: collapsed.rows, rejected, quarantine, duplicates: duplicates + collapsed.collapsed }
}
