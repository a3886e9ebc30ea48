import { DAY_MS } from '../lib/time'
import type { QuarantineRow } from './row'
import { cleanText, scrubPii, truncate } from './scrub'

/** Rejected input is kept this long for the site owner to inspect. */
export const QUARANTINE_DAYS = 30
export const MAX_QUARANTINE_PAYLOAD = 2_000
export const MAX_QUARANTINE_DETAIL = 300
const MAX_DEPTH = 6
const MAX_STRING = 2_000

/**
 * A copy of received JSON with personal data scrubbed from every string (keys too) and nesting
 * bounded. Numbers stay numbers: scrubbing the serialized text would turn timestamps into [phone].
 */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return truncate(scrubPii(cleanText(value)), MAX_STRING)
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  if (value === null || typeof value === 'boolean') return value
  if (typeof value !== 'object') return null
  if (depth >= MAX_DEPTH) return '[nested]'
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubDeep(v, depth + 1))
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 100)
      .map(([k, v]) => [truncate(scrubPii(cleanText(k)), 100), scrubDeep(v, depth + 1)]),
  )
}

export interface QuarantineOptions {
  /** The visitor the input came from, when known: the row is then erased and exported with them. */
  vid?: string | null
  maxPayload?: number
}

/** A quarantine row whose payload is scrubbed of personal data and cut to size. */
export function quarantineRow(
  siteId: string | null,
  eventId: string | null,
  reason: string,
  detail: string | null,
  payload: unknown,
  now: number,
  opts: QuarantineOptions = {},
): QuarantineRow {
  const text = payload === undefined ? null : (JSON.stringify(scrubDeep(payload)) ?? null)
  const { vid = null, maxPayload = MAX_QUARANTINE_PAYLOAD } = opts
  return {
    site_id: siteId === null ? null : truncate(cleanText(siteId), 64),
    vid: vid === null ? null : truncate(cleanText(vid), 64),
    event_id: eventId === null ? null : truncate(cleanText(eventId), 64),
    reason,
    detail: detail === null ? null : truncate(scrubPii(cleanText(detail)), MAX_QUARANTINE_DETAIL),
    payload: text === null ? null : truncate(text, maxPayload),
    created_at: now,
  }
}

/** Deletes quarantine rows older than QUARANTINE_DAYS, at most 5,000 per call. */
export async function purgeQuarantine(d1: D1Database, now: number) {
  const cutoff = now - QUARANTINE_DAYS * DAY_MS
  const result = await d1
    .prepare('DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine WHERE created_at < ? LIMIT 5000)')
    .bind(cutoff)
    .run()
  return { deleted: result.meta.changes ?? 0 }
}
