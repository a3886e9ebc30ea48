import { jurisdictionOf } from '../consent/decision'
import { applyLoggedConsent } from '../consent/enforce'
import { ingestStatements } from '../db/queries/events'
import { rowKey } from '../db/rows'
import { backfillMarks } from './backfill'
import { collapseClicks, dropRepeatedOrders, firstOfEach } from './dedupe'
import { pseudonymizeIds } from './pseudonym'
import { quarantineRow } from './quarantine'
import { type BotCount, type EventRow, isIngestMessage, type QuarantineRow } from './row'

export interface StoreSummary {
  events: number
  inserted: number
  quarantined: number
  rowsWritten: number
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
  /** The client address of rows sent while their site was under quota pressure, by rowKey. */
  const addresses = new Map<string, string>()
  for (const body of bodies) {
    if (!isIngestMessage(body)) {
      quarantine.push(quarantineRow(null, null, 'bad_message', 'queue message of unknown shape', body, now))
      continue
    }
    events.push(...body.events)
    if (body.gpc === true) for (const row of body.events) gpc.set(row, body.jurisdiction)
    quarantine.push(...body.quarantine)
    bots.push(...body.bots)
    if (body.address) for (const row of body.events) addresses.set(rowKey(row), body.address)
  }
  return {
    events,
    quarantine,
    // A count that carries no id is never taken for another.
    bots: firstOfEach(bots, (b) => b.id ?? crypto.randomUUID()),
    gpc,
    addresses,
  }
}

/**
 * Consent against the log, then dedupe across the batch, ids that carry personal data replaced by
 * keyed hashes (pseudonym.ts), then one `db.batch()` of json_each inserts (with the rollup_dirty
 * marks of backfilled rows, ingest/backfill.ts). Throws on D1 errors; the batch is one transaction
 * and every statement in it is idempotent (events and orders by key, usage and bot counts only for
 * what is new), so the caller may retry it as often as needed.
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
  const unique = firstOfEach(allowed, rowKey)
  const events = await pseudonymizeIds(d1, collapseClicks(dropRepeatedOrders(unique).rows).rows, now)
  const { statements, inserts } = ingestStatements(
    d1,
    { events, quarantine: batch.quarantine, bots: batch.bots, addresses: batch.addresses },
    now,
  )
  if (statements.length === 0) return { events: 0, inserted: 0, quarantined: 0, rowsWritten: 0 }
  // Rows too old for the rollup cron's late-event check (a backfill) mark their days, before the
  // inserts so that only rows they write are marked. Ordinary traffic has none: no extra statement.
  const marks = await backfillMarks(d1, events, now)
  const results = await d1.batch([...marks, ...statements])
  let inserted = 0
  let rowsWritten = 0
  results.forEach((r, i) => {
    rowsWritten += r.meta.rows_written ?? 0
    if (i >= marks.length + inserts[0] && i < marks.length + inserts[1]) inserted += r.meta.changes ?? 0
  })
  return { events: events.length, inserted, quarantined: batch.quarantine.length, rowsWritten }
}
