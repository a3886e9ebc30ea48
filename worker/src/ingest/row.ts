/**
 * What travels on the EVENTS queue and lands in D1: one message per /collect request, its events
 * already validated, sanitized, enriched and consent-checked. Rows are keyed by the D1 column
 * names (db/rows.ts) so the consumer can insert them with one `json_each` statement.
 */
import type { BotCount, EventRow, QuarantineRow } from '../db/rows'

export type { BotCount, EventRow, QuarantineRow }

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
  /**
   * The client address's salted hash (identity.ts), sent only while the site is past half its daily
   * quota: the consumer adds the events it stores to that address's count (address_usage).
   */
  address?: string
}

/** Whether a queue body is an ingest message this consumer can store. */
export function isIngestMessage(body: unknown): body is IngestMessage {
  const m = body as IngestMessage | null
  return (
    m !== null &&
    typeof m === 'object' &&
    m.v === MESSAGE_VERSION &&
    Array.isArray(m.events) &&
    Array.isArray(m.quarantine) &&
    Array.isArray(m.bots)
  )
}
