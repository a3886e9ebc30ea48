import { markDirtyDaysSql } from '../../query/rollups/dirty'
import { stitch } from '../identity/stitch'
import { withdrawnPersons } from '../identity/withdrawn'
import type { Kind } from './fields'
import type { ImportOptions } from './options'
import type { Report } from './report'
import type { StagedRow } from './stage'

/**
 * Pass two of an import, run only when the whole file validated: staged rows are stitched to persons
 * and written to offline_records (and purchases to `orders`) chunk by chunk. The primary key
 * (site, kind, source_key) with INSERT OR IGNORE makes a re-import change nothing.
 *
 * Consent: a row whose person withdrew on the web is skipped when the import's basis is consent;
 * under another basis it is stored and the import is flagged for review.
 *
 * Rollups: a purchase usually lands in a day the cron rolled up long ago. The batch that writes
 * orders also marks their local days in rollup_dirty (only orders this import wrote: a re-import
 * marks nothing), so the next cron run rebuilds those days with the new revenue.
 */
export interface CommitCounts {
  imported: number
  duplicates: number
  suppressed: number
  flaggedRows: number
}

const COMMIT_CHUNK = 500

export async function commitStaged(
  d1: D1Database,
  siteId: string,
  importId: string,
  options: ImportOptions,
  report: Report,
  now: number,
): Promise<CommitCounts> {
  const counts: CommitCounts = { imported: 0, duplicates: 0, suppressed: 0, flaggedRows: 0 }
  const withdrawn = await withdrawnPersons(d1, siteId)
  const marking = options.kind === 'purchase' ? await dayMarking(d1, siteId, importId, STAGED_ROWS_SQL) : null
  let after = ''
  for (;;) {
    // Keyset pagination on the primary key: each page is an index range, however large the import.
    const { results } = await d1
      .prepare(
        'SELECT source_key, data FROM import_staging WHERE import_id = ? AND source_key > ? ORDER BY source_key LIMIT ?',
      )
      .bind(importId, after, COMMIT_CHUNK)
      .all<{ source_key: string; data: string }>()
    if (!results.length) break
    after = results[results.length - 1]!.source_key
    const rows = results.map((r) => JSON.parse(r.data) as StagedRow)
    await commitChunk(d1, siteId, importId, options, report, rows, counts, withdrawn, now, marking)
  }
  return counts
}

/** The site's timezone and the instants of the staged rows: what marking their days needs. */
interface DayMarking {
  timezone: string
  range: { start: number; end: number }
}

/** For `rows` (site_id, ts) of site ?1 and import ?2; null when there are none. */
async function dayMarking(
  d1: D1Database,
  siteId: string,
  importId: string,
  rows: string,
): Promise<DayMarking | null> {
  const r = await d1
    .prepare(
      `SELECT (SELECT timezone FROM sites WHERE id = ?1) AS timezone, min(ts) AS first, max(ts) AS last FROM (${rows})`,
    )
    .bind(siteId, importId)
    .first<{ timezone: string | null; first: number | null; last: number | null }>()
  if (!r?.timezone || r.first === null || r.last === null) return null
  return { timezone: r.timezone, range: { start: r.first, end: r.last + 1 } }
}

const STAGED_ROWS_SQL = `SELECT ?1 AS site_id, data ->> 'ts' AS ts FROM import_staging WHERE import_id = ?2`

/**
 * Orders (site_id, ts) import ?2 wrote: its purchase records whose order carries its event id (a
 * re-imported key, or an order id the web already had, wrote none). With `keys`, only the records
 * of the source keys in ?3 (a JSON array), looked up one by one.
 */
function importOrdersSql(keys: boolean): string {
  const from = keys ? 'json_each(?3) AS j CROSS JOIN offline_records AS r' : 'offline_records AS r'
  return `SELECT o.site_id, o.ts FROM ${from} CROSS JOIN orders AS o
    WHERE r.site_id = ?1 AND r.import_id = ?2 AND r.kind = 'purchase'${keys ? ' AND r.source_key = j.value' : ''}
      AND o.site_id = ?1 AND o.order_id = r.order_id AND o.event_id = 'offline:' || ?2 || ':' || r.source_key`
}

async function commitChunk(
  d1: D1Database,
  siteId: string,
  importId: string,
  options: ImportOptions,
  report: Report,
  rows: StagedRow[],
  counts: CommitCounts,
  withdrawn: Set<string>,
  now: number,
  marking: DayMarking | null,
) {
  const identified = rows.filter((r) => r.links.length > 0)
  const { persons, merges } = await stitch(
    d1,
    siteId,
    identified.map((r) => ({ links: r.links })),
    `import:${importId}`,
    now,
  )
  const personOfRow = new Map(identified.map((r, i) => [r, persons[i] ?? null]))
  // A merge can hand a withdrawal to the winner: re-check only the persons that just won one.
  if (merges.length) {
    for (const p of await withdrawnPersons(
      d1,
      siteId,
      merges.map((m) => m.winnerId),
    ))
      withdrawn.add(p)
  }

  const keep: StagedRow[] = []
  for (const row of rows) {
    const person = personOfRow.get(row)
    if (person && withdrawn.has(person)) {
      if (options.lawfulBasis === 'consent') {
        counts.suppressed++
        report.warning(
          row.r,
          null,
          'withdrawn_person',
          'this person withdrew consent on the web; row not stored',
        )
        continue
      }
      counts.flaggedRows++
      report.warning(
        row.r,
        null,
        'withdrawn_person_other_basis',
        `this person withdrew consent on the web; stored under ${options.lawfulBasis} — review`,
      )
    }
    keep.push(row)
  }
  if (!keep.length) return

  const kind: Kind = options.kind
  const stmts = [
    d1
      .prepare(
        `INSERT OR IGNORE INTO offline_records
           (site_id, kind, source_key, import_id, vid, ts, source_label, channel, lawful_basis, profilable,
            order_id, value, currency, store, data, created_at)
         SELECT ?1, ?2, value ->> 'k', ?3, value ->> 'vid', value ->> 'ts', ?4, ?5, ?6, 1,
                value ->> 'orderId', value ->> 'value', value ->> 'currency', value ->> 'store',
                coalesce(value ->> 'data', '{}'), ?7
         FROM json_each(?8)`,
      )
      .bind(
        siteId,
        kind,
        importId,
        options.sourceLabel,
        options.channel,
        options.lawfulBasis,
        now,
        JSON.stringify(keep.map(({ links: _links, ...rest }) => rest)),
      ),
  ]
  if (kind === 'purchase') {
    // Only records this import just wrote become orders; a re-imported key keeps its first order.
    stmts.push(
      d1
        .prepare(
          // CROSS JOIN keeps json_each as the outer loop: one primary-key lookup per row of this
          // chunk, instead of a scan of everything the import wrote so far.
          `INSERT OR IGNORE INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source)
           SELECT r.site_id, r.order_id, 'offline:' || r.import_id || ':' || r.source_key, r.vid, r.ts, r.value,
                  r.currency, coalesce(json_extract(r.data, '$.items'), '[]'), 'offline:' || r.channel
           FROM json_each(?3) AS j CROSS JOIN offline_records AS r
           WHERE r.site_id = ?1 AND r.kind = 'purchase' AND r.source_key = j.value AND r.import_id = ?2`,
        )
        .bind(siteId, importId, JSON.stringify(keep.map((r) => r.k))),
    )
    if (marking) {
      stmts.push(
        d1
          .prepare(markDirtyDaysSql(importOrdersSql(true), marking.timezone, marking.range))
          .bind(siteId, importId, JSON.stringify(keep.map((r) => r.k))),
      )
    }
  }
  const [written] = await d1.batch(stmts)
  const imported = written?.meta.changes ?? 0
  counts.imported += imported
  counts.duplicates += keep.length - imported
}

/**
 * Undoes a commit that failed half-way, so a failed import leaves no records behind. The days of
 * the orders it had written are marked again: a cron run may have rolled them up meanwhile.
 */
export async function discardImport(d1: D1Database, siteId: string, importId: string) {
  const marking = await dayMarking(d1, siteId, importId, importOrdersSql(false))
  await d1.batch([
    ...(marking
      ? [
          d1
            .prepare(markDirtyDaysSql(importOrdersSql(false), marking.timezone, marking.range))
            .bind(siteId, importId),
        ]
      : []),
    d1
      .prepare(
        `DELETE FROM orders WHERE site_id = ?1 AND order_id IN
           (SELECT order_id FROM offline_records WHERE site_id = ?1 AND import_id = ?2 AND kind = 'purchase')
         AND event_id LIKE 'offline:' || ?2 || ':%'`,
      )
      .bind(siteId, importId),
    d1.prepare('DELETE FROM offline_records WHERE site_id = ?1 AND import_id = ?2').bind(siteId, importId),
    d1.prepare('DELETE FROM import_staging WHERE import_id = ?').bind(importId),
  ])
}
