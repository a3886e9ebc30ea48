/**
 * What travels on the EVENTS queue and lands in D1: one message per /collect request, its events
 * already validated, sanitized, enriched and consent-checked. Keys are the D1 column names so the
 * consumer can insert them with one `json_each` statement.
 */
export interface EventRow {
  site_id: string
  id: string
  type: string
  ts: number
  received_at: number
  vid: string | null
  sid: string | null
  url: string
  path: string
  title: string | null
  referrer: string | null
  source: string | null
  medium: string | null
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  utm_term: string | null
  utm_content: string | null
  country: string | null
  region: string | null
  city: string | null
  device: string | null
  browser: string | null
  os: string | null
  name: string | null
  query: string | null
  results: number | null
  order_id: string | null
  value: number | null
  currency: string | null
  /** JSON object of type-specific fields, or null. */
  props: string | null
  /** JSON string[] of cleaning flags, or null when clean. */
  flags: string | null
  /** 1 when the visitor granted marketing consent (and sent no Sec-GPC), else 0. */
  marketing: 0 | 1
}

/** An input kept for the site owner instead of being stored as an event. */
export interface QuarantineRow {
  site_id: string | null
  event_id: string | null
  /** Stable code, see docs/protocol.md. */
  reason: string
  detail: string | null
  /** Scrubbed, truncated JSON of what was received. */
  payload: string | null
  created_at: number
}

/** Bot traffic is counted, never stored as events. */
export interface BotCount {
  site_id: string
  day: string
  reason: string
  count: number
}

export const MESSAGE_VERSION = 1

export interface IngestMessage {
  v: typeof MESSAGE_VERSION
  site_id: string
  received_at: number
  events: EventRow[]
  quarantine: QuarantineRow[]
  bots: BotCount[]
  /** The request sent `Sec-GPC: 1`: the consumer logs a downgrade of a stored marketing grant. */
  gpc?: boolean
  /**
   * With `gpc`: where the request came from (country, with the state in the US, consent/decision.ts), the
   * jurisdiction the downgrade is logged under. Messages without it fall back to the rows' country.
   */
  jurisdiction?: string | null
}
