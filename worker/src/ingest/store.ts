import { jurisdictionOf } from '../consent/decision'
import { applyLoggedConsent } from '../consent/enforce'
import { ingestStatements } from '../db/queries/events'
import { backfillMarks } from './backfill'
import { collapseClicks, dropRepeatedOrders } from './dedupe'
import { pseudonymizeIds } from './pseudonym'
import { quarantineRow } from './quarantine'
import { MESSAGE_VERSION, type BotCount, type EventRow, type IngestMessage, type QuarantineRow } from './row'

export interface StoreSummary {
  events: number
  inserted: number
  quarantined: number
  rowsWritten: number
}

function isIngestMessage(body: unknown): body is IngestMessage {
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

/** Gathers the rows of a message batch; bodies that are not ingest messages are quarantined, not lost. */
export function collectBatch(bodies: readonly unknown[], now: number) {
  const events: EventRow[] = []
  const quarantine: QuarantineRow[] = []
  const bots: BotCount[] = []
  /**
   * Rows whose request sent Sec-GPC (consent/enforce.ts logs the downgrade of a stored grant), with the
   * jurisdiction of that request when the message carries one.
   */
  const gpc = new Map<EventRow, string | null | undefined>()
  for (const body of bodies) {
    if (!isIngestMessage(body)) {
      quarantine.push(quarantineRow(null, null, 'bad_message', 'queue message of unknown shape', body, now))
      continue
    }
    events.push(...body.events)
    if (body.gpc === true) for (const row of body.events) gpc.set(row, body.jurisdiction)
    quarantine.push(...body.quarantine)
    bots.push(...body.bots)
  }
  return { events, quarantine, bots, gpc }
}

/**
 * Consent against the log, then dedupe across the batch, ids that carry personal data replaced by
 * keyed hashes (pseudonym.ts), then one `db.batch()` of json_each
 * inserts (with the rollup_dirty marks of backfilled rows, ingest/backfill.ts). Throws on D1 errors so the caller can retry the whole batch (inserts are idempotent).
 */
export async function storeBatch(
  d1: D1Database,
  bodies: readonly unknown[],
  now: number,
): Promise<StoreSummary> {
  const batch = collectBatch(bodies, now)
  const claims = await applyLoggedConsent(
    d1,
    batch.events.map((row) => ({
      siteId: row.site_id,
      vid: row.vid,
      marketing: row.marketing === 1,
      receivedAt: row.received_at,
      gpc: batch.gpc.has(row),
      // Only a GPC row needs one (its downgrade is logged under it); older messages carry only the country.
      jurisdiction: batch.gpc.has(row)
        ? (batch.gpc.get(row) ?? jurisdictionOf({ country: row.country }))
        : null,
      row,
    })),
    now,
  )
  const allowed = claims.map((c): EventRow => ({ ...c.row, marketing: c.marketing ? 1 : 0 }))
  const events = await pseudonymizeIds(d1, collapseClicks(dropRepeatedOrders(allowed).rows).rows, now)
  const { statements, eventStatements } = ingestStatements(d1, {
    events,
    quarantine: batch.quarantine,
    bots: batch.bots,
  })
  if (statements.length === 0) return { events: 0, inserted: 0, quarantined: 0, rowsWritten: 0 }
  // Rows too old for the rollup cron's late-event check (a backfill) mark their days, before the
  // inserts so that only rows they write are marked. Ordinary traffic has none: no extra statement.
  const marks = await backfillMarks(d1, events, now)
  const results = await d1.batch([...marks, ...statements])
  let inserted = 0
  let rowsWritten = 0
  results.forEach((r, i) => {
    rowsWritten += r.meta.rows_written ?? 0
    if (i >= marks.length && i < marks.length + eventStatements) inserted += r.meta.changes ?? 0
  })
  return { events: events.length, inserted, quarantined: batch.quarantine.length, rowsWritten }
}
