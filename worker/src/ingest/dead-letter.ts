import { ingestStatements } from '../db/queries/events'
import { quarantineRow } from './quarantine'
import type { QuarantineRow } from './row'
import { collectBatch } from './store'

/** Dead-lettered events are already sanitized rows: keep them whole enough to replay. */
export const MAX_DEAD_LETTER_PAYLOAD = 16_000

/** The rows of failed messages as quarantine rows: one per event, reason dead_letter. */
export function deadLetterRows(bodies: readonly unknown[], now: number): QuarantineRow[] {
  const batch = collectBatch(bodies, now)
  const rows: QuarantineRow[] = batch.quarantine
  for (const e of batch.events)
    rows.push(
      quarantineRow(
        e.site_id,
        e.id,
        'dead_letter',
        'event could not be stored after every retry',
        e,
        now,
        MAX_DEAD_LETTER_PAYLOAD,
      ),
    )
  for (const b of batch.bots)
    rows.push(
      quarantineRow(
        b.site_id,
        null,
        'dead_letter',
        `bot count ${b.reason} × ${b.count} could not be stored`,
        b,
        now,
      ),
    )
  return rows
}

export async function quarantineDeadLetters(d1: D1Database, bodies: readonly unknown[], now: number) {
  const rows = deadLetterRows(bodies, now)
  const { statements } = ingestStatements(d1, { events: [], quarantine: rows, bots: [] })
  if (statements.length > 0) await d1.batch(statements)
  return { quarantined: rows.length }
}
