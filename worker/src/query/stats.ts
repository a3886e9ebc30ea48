/**
 * Reads metrics for a period: whole days already rolled up come from rollup_daily, the rest
 * (today, days the cron has not reached, and every filtered or hourly question) from raw events
 * through the same metric SQL, and the two are summed.
 */
import { type Dimension, type Filter, ROLLUP_DIMENSIONS } from './dimensions'
import { addToSketch, decodeSketch, emptySketch, estimate, mergeInto, type Sketch } from './hll'
import { deriveMetrics, sumRows } from './metrics'
import { addDays, dayStart, type Period, offsetSpans } from './period'
import {
  type Bucket,
  type MetricRow,
  mergeRows,
  type RawScope,
  rawMetricsSql,
  rawVisitorsSql,
} from './stats-sql'

export interface SiteClock {
  id: string
  timezone: string
}

export interface Split {
  /** Last day read from rollups, or null. */
  rolledFrom: string | null
  rolledTo: string | null
  /** Raw part, or null when rollups cover the period. */
  raw: RawScope | null
}

/** Days through which the site's rollups are complete, in its current timezone. */
export async function builtThrough(d1: D1Database, site: SiteClock): Promise<string | null> {
  const row = await d1
    .prepare('SELECT timezone, built_through FROM rollup_state WHERE site_id = ?')
    .bind(site.id)
    .first<{ timezone: string; built_through: string | null }>()
  return row && row.timezone === site.timezone ? row.built_through : null
}

export function rawScope(site: SiteClock, start: number, end: number, filters: Filter[]): RawScope {
  return { siteId: site.id, start, end, spans: offsetSpans(start, end, site.timezone), filters }
}

/** Which days come from rollups and which instants from raw events. */
export function splitPeriod(site: SiteClock, period: Period, built: string | null, filters: Filter[]): Split {
  const rolledTo = built && built >= period.from ? (built < period.to ? built : period.to) : null
  const rawFrom = rolledTo ? addDays(rolledTo, 1) : period.from
  return {
    rolledFrom: rolledTo ? period.from : null,
    rolledTo,
    raw: rawFrom <= period.to ? rawScope(site, dayStart(rawFrom, site.timezone), period.end, filters) : null,
  }
}

export interface RowQuery {
  dims: Dimension[]
  bucket: Bucket
  filters: Filter[]
  withTotals?: boolean
}

/** Whether a question can use rollups at all. */
export function rollupEligible(q: RowQuery): boolean {
  return q.filters.length === 0 && q.bucket === 'day' && q.dims.every((d) => ROLLUP_DIMENSIONS.includes(d))
}

const ROLLUP_COLUMNS =
  'day AS bucket, dim, value, visitors, visits, pageviews, events, bounces, duration_ms, conversions, orders, revenue, units, zero_results'

/** Rolled-up rows of some dimensions over a day range: one primary-key range per dimension. */
export const ROLLUP_ROWS_SQL = `SELECT ${ROLLUP_COLUMNS} FROM rollup_daily
  WHERE site_id = ? AND dim IN (SELECT value FROM json_each(?)) AND day >= ? AND day <= ?`

/** Daily visitor sketches over a day range (totals rows). */
export const SKETCHES_SQL = `SELECT day, sketch FROM rollup_daily
  WHERE site_id = ? AND dim = '' AND day >= ? AND day <= ? AND value = '' AND sketch IS NOT NULL`

/** Metric rows per bucket for the site totals ('' dim) and each requested dimension. */
export async function metricRows(
  d1: D1Database,
  site: SiteClock,
  period: Period,
  q: RowQuery,
  /** builtThrough() when the caller already has it (saves a round trip). */
  knownBuilt?: string | null,
): Promise<MetricRow[]> {
  const withTotals = q.withTotals ?? true
  const built = rollupEligible(q)
    ? knownBuilt === undefined
      ? await builtThrough(d1, site)
      : knownBuilt
    : null
  const split = splitPeriod(site, period, built, q.filters)
  const statements: D1PreparedStatement[] = []
  if (split.rolledTo) {
    const dims = [...(withTotals ? [''] : []), ...q.dims]
    statements.push(
      d1.prepare(ROLLUP_ROWS_SQL).bind(site.id, JSON.stringify(dims), split.rolledFrom, split.rolledTo),
    )
  }
  if (split.raw) {
    const { sql, params } = rawMetricsSql(split.raw, q.bucket, q.dims, withTotals)
    statements.push(d1.prepare(sql).bind(...params))
  }
  const results = statements.length ? await d1.batch<MetricRow>(statements) : []
  return mergeRows(results.flatMap((r) => r.results))
}

/** HyperLogLog sketches of each day's visitors over the period (merged for multi-day counts). */
export async function visitorSketches(
  d1: D1Database,
  site: SiteClock,
  period: Period,
  filters: Filter[],
  knownBuilt?: string | null,
): Promise<Map<string, Sketch>> {
  const built =
    filters.length === 0 ? (knownBuilt === undefined ? await builtThrough(d1, site) : knownBuilt) : null
  const split = splitPeriod(site, period, built, filters)
  const sketches = new Map<string, Sketch>()
  if (split.rolledTo) {
    const { results } = await d1
      .prepare(SKETCHES_SQL)
      .bind(site.id, split.rolledFrom, split.rolledTo)
      .all<{ day: string; sketch: string }>()
    for (const r of results) sketches.set(r.day, decodeSketch(r.sketch))
  }
  if (split.raw) {
    const { sql, params } = rawVisitorsSql(split.raw)
    const { results } = await d1
      .prepare(sql)
      .bind(...params)
      .all<{ day: string; vid: string }>()
    for (const r of results) {
      const s = sketches.get(r.day) ?? emptySketch()
      sketches.set(r.day, s)
      addToSketch(s, r.vid)
    }
  }
  return sketches
}

/** One sketch for a set of days. */
export function mergeSketches(sketches: Iterable<Sketch>): Sketch {
  const out = emptySketch()
  for (const s of sketches) mergeInto(out, s)
  return out
}

/** Summed site totals of a period plus its distinct visitors (merged sketches). */
export async function periodTotals(d1: D1Database, site: SiteClock, period: Period, filters: Filter[]) {
  const built = filters.length ? null : await builtThrough(d1, site)
  const [rows, sketches] = await Promise.all([
    metricRows(d1, site, period, { dims: [], bucket: 'day', filters }, built),
    visitorSketches(d1, site, period, filters, built),
  ])
  return deriveMetrics(sumRows(rows.filter((r) => r.dim === '')), estimate(mergeSketches(sketches.values())))
}
