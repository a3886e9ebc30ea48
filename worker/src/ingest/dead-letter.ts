import { ingestStatements } from '../db/queries/events'
import { quarantineRow } from './quarantine'
import type { QuarantineRow } from './row'

/** Dead-lettered events are already sanitized rows: keep them whole enough to replay. */
export const MAX_DEAD_LETTER_PAYLOAD = 16_000

const str = (v: unknown) => (typeof v === 'string' ? v : null)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/**
 * The content of failed messages as quarantine rows, reason dead_letter: one per event, per
 * quarantined input and per bot count. Nothing of the failed message is trusted to be well-formed
 * (it may be why it failed), so every row is rebuilt from what can be read.
 */
export function deadLetterRows(bodies: readonly unknown[], now: number): QuarantineRow[] {
  const rows: QuarantineRow[] = []
  const add = (item: unknown, detail: string) => {
    const o = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {}
    const eventId = str(o.id) ?? str(o.event_id)
    rows.push(
      quarantineRow(str(o.site_id), eventId, 'dead_letter', detail, item, now, {
        vid: str(o.vid),
        maxPayload: MAX_DEAD_LETTER_PAYLOAD,
      }),
    )
  }
  for (const body of bodies) {
    const m = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : null
    if (!m || !Array.isArray(m.events)) {
      add(body, 'queue message could not be stored after every retry')
      continue
    }
    for (const e of list(m.events)) add(e, 'event could not be stored after every retry')
    for (const q of list(m.quarantine))
      add(q, `quarantine row (${str((q as { reason?: unknown })?.reason) ?? '?'}) could not be stored`)
    for (const b of list(m.bots)) add(b, 'bot count could not be stored after every retry')
  }
  return rows
}

export async function quarantineDeadLetters(d1: D1Database, bodies: readonly unknown[], now: number) {
  const rows = deadLetterRows(bodies, now)
  const { statements } = ingestStatements(d1, { events: [], quarantine: rows, bots: [] })
  if (statements.length > 0) await d1.batch(statements)
  return { quarantined: rows.length }
}
