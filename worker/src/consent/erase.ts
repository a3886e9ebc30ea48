import { markDirtyDaysSql, ROLLED_UP_TABLES } from '../query/rollups/dirty'
import { type VisitorTableSql, visitorTablesSql } from './registry'
import { visitorHash } from './visitor-id'
import { DAY_MS } from '../lib/time'

export type ErasureReason = 'withdraw' | 'self-service' | 'admin' | 'marketing-withdrawn'

export interface ErasureResult {
  /** The erasure record's id; null when none was written (see ErasureOptions.unmatchedKey). */
  id: string | null
  /** Rows deleted per registered table. */
  counts: Record<string, number>
}

/**
 * A SQL condition whose values are all bound: `sql` has one anonymous `?` per entry of `params`,
 * in order, and never a value written into its text.
 */
export interface BoundCondition {
  sql: string
  params: readonly (string | number | null)[]
}

export interface ErasureOptions {
  scope?: 'all' | 'marketing'
  now?: number
  /**
   * A condition every statement checks, for an erasure batched with other writes that must happen
   * only if the visitor's state is still as read.
   */
  onlyIf?: BoundCondition
  /**
   * For an erasure a visitor asked for (/me/delete, a withdrawal): the day's salted hash of the
   * requesting client address. When the visitor has no rows anywhere, the record is written only
   * if this site has none with this key yet: guessed or random ids cost one row per site, address
   * and day, not one per request. An erasure that finds rows is always recorded.
   */
  unmatchedKey?: string
}

/** Visitor ?2 of site ?1 in one registered table: a range of its (site, visitor) index. */
export const ofVisitor = (t: VisitorTableSql) =>
  `${t.table}${t.visitorIndex ? ` INDEXED BY ${t.visitorIndex}` : ''} WHERE ${t.site} = ?1 AND ${t.visitor} = ?2`

/** The statements an erasure runs on each registered table (exported for the query-plan test). */
export const erasureSql = {
  count: (t: VisitorTableSql) => `SELECT count(*) FROM ${ofVisitor(t)}`,
  /** The rows' (site_id, ts), whose local days the erasure marks; for tables rollups read. */
  days: (t: VisitorTableSql) => `SELECT ${t.site} AS site_id, ts FROM ${ofVisitor(t)}`,
  delete: (t: VisitorTableSql, guard: string) => `DELETE FROM ${ofVisitor(t)} AND ${guard}`,
}

/**
 * The statement that marks in rollup_dirty the local days of the visitor's rows in the tables
 * rollups are made of (events, orders), so the cron rebuilds those days without them; it reads the
 * rows, so it runs before they are deleted. Null when the erasure touches no such table, or the
 * site is gone (nothing rolled up).
 */
async function markErasedDays(
  d1: D1Database,
  siteId: string,
  vid: string,
  tables: VisitorTableSql[],
  guard: BoundCondition,
  now: number,
): Promise<D1PreparedStatement | null> {
  const rolledUp = tables.filter((t) => ROLLED_UP_TABLES.includes(t.name))
  if (!rolledUp.length) return null
  const rows = rolledUp.map(erasureSql.days).join(' UNION ALL ')
  // The instants the rows lie in (and up to a day after now, for a row stored meanwhile), so the
  // marks get exact day boundaries.
  const found = await d1
    .prepare(
      `SELECT (SELECT timezone FROM sites WHERE id = ?1) AS timezone, min(ts) AS first, max(ts) AS last FROM (${rows})`,
    )
    .bind(siteId, vid)
    .first<{ timezone: string | null; first: number | null; last: number | null }>()
  if (!found?.timezone) return null
  const range = { start: found.first ?? now, end: Math.max(found.last ?? now, now) + DAY_MS }
  return d1
    .prepare(markDirtyDaysSql(rows, found.timezone, range, guard.sql))
    .bind(siteId, vid, ...guard.params)
}

/**
 * The statements that delete every row about one visitor of one site from every table registered
 * in db/visitor-data.ts, record the erasure, and mark the days whose rolled-up figures counted the
 * visitor for rebuilding (rollup_dirty). The record and the marks read rows before they are
 * deleted, so they run first. `scope: 'marketing'` empties only marketing-only tables (profiles),
 * for a visitor who keeps analytics but loses marketing.
 */
export async function erasureStatements(
  d1: D1Database,
  siteId: string,
  vid: string,
  reason: ErasureReason,
  opts: ErasureOptions = {},
): Promise<{ id: string; tables: string[]; statements: D1PreparedStatement[] }> {
  const scope = opts.scope ?? 'all'
  const tables = visitorTablesSql().filter((t) => scope === 'all' || t.marketingOnly)
  // The guard goes last in each statement: SQLite numbers its anonymous `?` after the highest
  // numbered parameter before it (?2 in a delete, ?7 in the record), so its params bind after those.
  const guard = opts.onlyIf ?? { sql: '1', params: [] }
  if (/\?\d/.test(guard.sql)) throw new Error('onlyIf: use anonymous ? placeholders, not ?NNN')
  const id = crypto.randomUUID()
  const now = opts.now ?? Date.now()
  const countsSql = tables.length
    ? `json_object(${tables.map((t) => `'${t.name}', (${erasureSql.count(t)})`).join(', ')})`
    : `'{}'`
  // unmatched_key is set only when every count is 0; its unique index per site then keeps all but
  // the first such record of a requester out (a key of null never conflicts).
  const record = d1
    .prepare(
      `INSERT INTO erasures (id, site_id, vid_hash, reason, counts, completed_at, unmatched_key)
       SELECT ?3, ?1, ?4, ?5, c.counts, ?6,
              CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(c.counts) WHERE value > 0) THEN ?7 END
       FROM (SELECT ${countsSql} AS counts) AS c WHERE ${guard.sql}
       ON CONFLICT (site_id, unmatched_key) DO NOTHING RETURNING counts`,
    )
    .bind(
      siteId,
      vid,
      id,
      await visitorHash(siteId, vid),
      reason,
      now,
      opts.unmatchedKey ?? null,
      ...guard.params,
    )
  const marks = await markErasedDays(d1, siteId, vid, tables, guard, now)
  const deletes = tables.map((t) =>
    d1.prepare(erasureSql.delete(t, guard.sql)).bind(siteId, vid, ...guard.params),
  )
  return {
    id,
    tables: tables.map((t) => t.name),
    statements: marks ? [record, marks, ...deletes] : [record, ...deletes],
  }
}

/**
 * Erases one visitor (see erasureStatements) in one D1 batch, which is atomic: either the visitor
 * is gone and the record says so, or nothing changed.
 */
export async function eraseVisitor(
  d1: D1Database,
  siteId: string,
  vid: string,
  reason: ErasureReason,
  opts: ErasureOptions = {},
): Promise<ErasureResult> {
  const { id, tables, statements } = await erasureStatements(d1, siteId, vid, reason, opts)
  const [record] = await d1.batch<{ counts: string }>(statements)
  // The record's own counts (rows that were there), not meta.changes: a trigger that deletes a pooled
  // profile with a member row (migration 0009) would count as changes of the member-row statement.
  // No record row: an unmatched erasure whose requester already has today's record, so nothing was there.
  const written = record?.results[0]
  const stored = JSON.parse(written?.counts ?? '{}') as Record<string, number>
  const counts = Object.fromEntries(tables.map((name) => [name, stored[name] ?? 0]))
  return { id: written ? id : null, counts }
}

/** Whether any registered table serves marketing only (then losing marketing consent empties it). */
export const hasMarketingOnlyData = () => visitorTablesSql().some((t) => t.marketingOnly)
