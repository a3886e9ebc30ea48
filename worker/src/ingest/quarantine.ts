import type { QuarantineRow } from './row'
import { cleanText, scrubPii, truncate } from './scrub'

/** Rejected input is kept this long for the site owner to inspect. */
export const QUARANTINE_DAYS = 30
export const MAX_QUARANTINE_PAYLOAD = 2_000
export const MAX_QUARANTINE_DETAIL = 300

function serialize(payload: unknown): string | null {
  if (payload === undefined) return null
  try {
    return typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? null)
  } catch {
    return null // circular or BigInt: the reason and detail still say what happened
  }
}

/** A quarantine row whose payload is scrubbed of personal data and cut to size. */
export function quarantineRow(
  siteId: string | null,
  eventId: string | null,
  reason: string,
  detail: string | null,
  payload: unknown,
  now: number,
  maxPayload = MAX_QUARANTINE_PAYLOAD,
): QuarantineRow {
  const text = serialize(payload)
  return {
    site_id: siteId,
    event_id: eventId === null ? null : truncate(cleanText(eventId), 64),
    reason,
    detail: detail === null ? null : truncate(scrubPii(cleanText(detail)), MAX_QUARANTINE_DETAIL),
    payload: text === null ? null : truncate(scrubPii(cleanText(text)), maxPayload),
    created_at: now,
  }
}
