import type { z } from 'zod'
import { EVENT_TYPES, eventSchema, envelopeSchema, type ParsedEnvelope, type ParsedEvent } from '../protocol'

export interface ParseError {
  code: 'invalid_json' | 'invalid_envelope'
  message: string
  path?: string
}

export type EnvelopeResult = { ok: true; envelope: ParsedEnvelope } | { ok: false; error: ParseError }

function issueAt(issue: z.core.$ZodIssue): { path: string; message: string } {
  return { path: issue.path.map(String).join('.'), message: issue.message }
}

/** Body text → envelope. Events stay unvalidated here; each one is checked on its own. */
export function parseEnvelope(text: string): EnvelopeResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: { code: 'invalid_json', message: 'Body is not valid JSON' } }
  }
  const result = envelopeSchema.safeParse(json)
  if (!result.success) {
    const first = result.error.issues[0]
    const { path, message } = first ? issueAt(first) : { path: '', message: 'Invalid envelope' }
    return { ok: false, error: { code: 'invalid_envelope', message, path } }
  }
  return { ok: true, envelope: result.data }
}

export type EventRejectReason = 'missing_id' | 'invalid_id' | 'unknown_type' | 'invalid_event'

export type EventResult =
  | { ok: true; event: ParsedEvent }
  | { ok: false; id: string | null; reason: EventRejectReason; detail: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES)

/** One raw event → a typed event, or a rejection with a stable reason and the offending path. */
export function parseEvent(raw: unknown): EventResult {
  const obj =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null
  const id = typeof obj?.id === 'string' ? obj.id.slice(0, 64) : null
  if (!obj || obj.id === undefined || obj.id === null || obj.id === '')
    return { ok: false, id: null, reason: 'missing_id', detail: 'id: required' }
  if (id === null || !UUID.test(id))
    return { ok: false, id, reason: 'invalid_id', detail: 'id: expected a UUID' }
  if (typeof obj.type !== 'string' || !TYPES.has(obj.type))
    return {
      ok: false,
      id,
      reason: 'unknown_type',
      detail: `type: expected one of ${EVENT_TYPES.join(', ')}`,
    }
  const result = eventSchema.safeParse(obj)
  if (!result.success) {
    const first = result.error.issues[0]
    const { path, message } = first ? issueAt(first) : { path: '', message: 'invalid' }
    return { ok: false, id, reason: 'invalid_event', detail: `${path}: ${message}`.slice(0, 300) }
  }
  return { ok: true, event: result.data }
}
