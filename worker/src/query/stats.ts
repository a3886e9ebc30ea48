/**
 * Reads metrics for a period: days already rolled up come from rollup_daily, the rest (days the
 * cron has not reached, and every filtered or hourly question) from raw events through the same
 * metric SQL, and the two are summed.
 *
 * Today is rolled up too, every cron run, up to a watermark (query/rollups/build.ts, rollupToday). A
 * visit or a visitor active on both sides of the watermark would be counted twice by simply adding
 * the events after it, so the raw part is a delta instead: for the visitors and sessions touched
 * after the watermark, their whole day minus what the partial rollup already counted of them.
 * Everyone else's rows stand as rolled up. Exact for every metric, distinct counts included, as
 * long as a session id belongs to one visitor id (the snippet renews both together).
 */
import { type Dimension, type Filter, ROLLUP_DIMENSIONS } from './dimensions'
import { addToSketch, decodeSketch, emptySketch, estimate, mergeInto, type Sketch } from './hll'
import { deriveMetrics, sumRows } from './metrics'
import { addDays, dayStart, type Period, offsetSpans } from './period'
import {
  type Bucket,
  METRIC_COLUMNS,
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

/**
 * Today's partial rollup: rows for `day` count the events stamped before `until` and received
 * before it too, and the orders stamped before it.
 */
export interface PartialDay {
  day: string
  until: number
  /**
   * Events stamped before the watermark that arrived since it (a client clock behind, a flush
   * after being offline): their visitor ids and, without one, session ids join the delta.
   */
  late: { vids: string[]; sids: string[] } | null
}

/** What the site's rollups cover, in its current timezone. */
export interface Coverage {
  /** Last whole day rolled up, or null. */
  built: string | null
  /** The partial day after it, when its rollup still matches the raw rows it was built from. */
  partial: PartialDay | null
}

const NOTHING_ROLLED: Coverage = { built: null, partial: null }

/**
 * The site's rollup state, checked against the rows behind the partial day's watermark. The event
 * count there (a covering (site_id, ts) index count) equal to the rolled-up count means nothing
 * arrived late. A larger one means late events: only then is the day so far read (received_at is
 * not indexed) for the rolled-up count and the late events' ids. Rolled-up events gone (an
 * erasure) or a different order count (orders have no received time) turn the partial day off,
 * and it is read raw until the next run rebuilds it.
 */
export const COVERAGE_SQL = `SELECT c.*,
    CASE WHEN c.events_now > c.partial_events THEN (
      SELECT json_object(
        'rolled', count(*) FILTER (WHERE e.received_at < c.partial_until),
        'vids', json_group_array(e.vid) FILTER (WHERE e.received_at >= c.partial_until AND e.vid IS NOT NULL),
        'sids', json_group_array(e.sid) FILTER (WHERE e.received_at >= c.partial_until AND e.vid IS NULL AND e.sid IS NOT NULL))
      FROM events e WHERE e.site_id = c.site_id AND e.ts >= c.partial_from AND e.ts < c.partial_until)
    END AS late
  FROM (
    SELECT s.site_id, s.timezone, s.built_through, s.partial_day, s.partial_from, s.partial_until, s.partial_events,
      (SELECT count(*) FROM events WHERE site_id = s.site_id AND ts >= s.partial_from AND ts < s.partial_until) AS events_now,
      s.partial_orders = (SELECT count(*) FROM orders WHERE site_id = s.site_id AND ts >= s.partial_from AND ts < s.partial_until) AS orders_intact
    FROM rollup_state s WHERE s.site_id = ?
  ) c`

export async function rollupCoverage(d1: D1Database, site: SiteClock): Promise<Coverage> {
  const row = await d1.prepare(COVERAGE_SQL).bind(site.id).first<{
    timezone: string
    built_through: string | null
    partial_day: string | null
    partial_until: number | null
    partial_events: number | null
    events_now: number
    orders_intact: number | null
    late: string | null
  }>()
  if (!row || row.timezone !== site.timezone) return NOTHING_ROLLED
  const built = row.built_through
  const late = row.late ? (JSON.parse(row.late) as { rolled: number; vids: string[]; sids: string[] }) : null
  const intact =
    built !== null &&
    row.partial_day === addDays(built, 1) &&
    row.partial_until !== null &&
    row.orders_intact === 1 &&
    (late ? late.rolled === row.partial_events : row.events_now === row.partial_events)
  if (!intact) return { built, partial: null }
  return {
    built,
    partial: {
      day: row.partial_day!,
      until: row.partial_until!,
      late: late ? { vids: late.vids, sids: late.sids } : null,
    },
  }
}

export function rawScope(site: SiteClock, start: number, end: number, filters: Filter[]): RawScope {
  return { siteId: site.id, start, end, spans: offsetSpans(start, end, site.timezone), filters }
}

/**
 * The raw part after a partial day's watermark: `plus` reads the whole partial day and the rest of
 * the period for the visitors and sessions touched after the watermark (and everything after it);
 * `minus` reads what the partial rollup counted of those same visitors and sessions.
 */
export interface Delta {
  plus: RawScope
  minus: RawScope
  /** What the partial sketch lacks: the visitor ids after the watermark… */
  after: RawScope
  /** …and those of late events (on the partial day). */
  lateVids: string[]
}

export interface Split {
  /** Days read from rollups (the last may be a partial day), or null. */
  rolledFrom: string | null
  rolledTo: string | null
  /** Raw part, or null when rollups cover the period. */
  raw: RawScope | null
  /** Instead of `raw`, when the period reaches into a partial day. */
  delta: Delta | null
}

/** Which days come from rollups and which instants from raw events. */
export function splitPeriod(site: SiteClock, period: Period, cov: Coverage, filters: Filter[]): Split {
  const { built, partial } = filters.length ? NOTHING_ROLLED : cov
  if (partial && period.from <= partial.day && partial.day <= period.to) {
    const start = dayStart(partial.day, site.timezone)
    const watermark = partial.until
    const late = partial.late
    const touched = {
      since: watermark,
      until: period.end,
      ...(late ? { ids: JSON.stringify([...late.vids, ...late.sids]) } : {}),
    }
    return {
      rolledFrom: period.from,
      rolledTo: partial.day,
      raw: null,
      delta: {
        plus: { ...rawScope(site, start, period.end, []), touched: { ...touched, keepFrom: watermark } },
        minus: { ...rawScope(site, start, watermark, []), touched, receivedBefore: watermark },
        after: rawScope(site, watermark, period.end, []),
        lateVids: late?.vids ?? [],
      },
    }
  }
  const rolledTo = built && built >= period.from ? (built < period.to ? built : period.to) : null
  const rawFrom = rolledTo ? addDays(rolledTo, 1) : period.from
  return {
    rolledFrom: rolledTo ? period.from : null,
    rolledTo,
    raw: rawFrom <= period.to ? rawScope(site, dayStart(rawFrom, site.timezone), period.end, filters) : null,
    delta: null,
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
  /** rollupCoverage() when the caller already has it (saves a round trip). */
  knownCoverage?: Coverage,
): Promise<MetricRow[]> {
  const withTotals = q.withTotals ?? true
  const cov = rollupEligible(q) ? (knownCoverage ?? (await rollupCoverage(d1, site))) : NOTHING_ROLLED
  const split = splitPeriod(site, period, cov, q.filters)
  const statements: D1PreparedStatement[] = []
  if (split.rolledTo) {
    const dims = [...(withTotals ? [''] : []), ...q.dims]
    statements.push(
      d1.prepare(ROLLUP_ROWS_SQL).bind(site.id, JSON.stringify(dims), split.rolledFrom, split.rolledTo),
    )
  }
  const raw = split.delta ? [split.delta.plus, split.delta.minus] : split.raw ? [split.raw] : []
  for (const scope of raw) {
    const { sql, params } = rawMetricsSql(scope, q.bucket, q.dims, withTotals)
    statements.push(d1.prepare(sql).bind(...params))
  }
  const results = statements.length ? await d1.batch<MetricRow>(statements) : []
  if (!split.delta) return mergeRows(results.flatMap((r) => r.results))
  const [rolled, plus, minus] = results.map((r) => r.results) as [MetricRow[], MetricRow[], MetricRow[]]
  return dropEmpty(mergeRows([...rolled, ...plus, ...minus.map(negate)]))
}

function negate(r: MetricRow): MetricRow {
  const out = { ...r }
  for (const c of METRIC_COLUMNS) out[c] = -Number(r[c] ?? 0)
  return out
}

/**
 * Rows a delta cancelled out (say the exit page a visit had at the watermark before it went on):
 * raw SQL never returns a row without a visit, an event or an order. Revenue is a float sum, so
 * "zero" allows for rounding.
 */
function dropEmpty(rows: MetricRow[]): MetricRow[] {
  return rows.filter((r) => METRIC_COLUMNS.some((c) => Math.abs(Number(r[c])) > 1e-9))
}

/** HyperLogLog sketches of each day's visitors over the period (merged for multi-day counts). */
export async function visitorSketches(
  d1: D1Database,
  site: SiteClock,
  period: Period,
  filters: Filter[],
  knownCoverage?: Coverage,
): Promise<Map<string, Sketch>> {
  const cov = filters.length ? NOTHING_ROLLED : (knownCoverage ?? (await rollupCoverage(d1, site)))
  const split = splitPeriod(site, period, cov, filters)
  const sketches = new Map<string, Sketch>()
  const statements: D1PreparedStatement[] = []
  if (split.rolledTo)
    statements.push(d1.prepare(SKETCHES_SQL).bind(site.id, split.rolledFrom, split.rolledTo))
  // A sketch is a set: the partial day's sketch plus the visitors it lacks is the day's.
  const raw = split.delta?.after ?? split.raw
  if (raw) {
    const { sql, params } = rawVisitorsSql(raw)
    statements.push(d1.prepare(sql).bind(...params))
  }
  const results = statements.length ? await d1.batch(statements) : []
  if (split.rolledTo)
    for (const r of results.shift()!.results as { day: string; sketch: string }[])
      sketches.set(r.day, decodeSketch(r.sketch))
  const late = (split.delta?.lateVids ?? []).map((vid) => ({ day: split.rolledTo!, vid }))
  for (const r of [...(results.shift()?.results ?? []), ...late] as { day: string; vid: string }[]) {
    const s = sketches.get(r.day) ?? emptySketch()
    sketches.set(r.day, s)
    addToSketch(s, r.vid)
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
  const cov = filters.length ? NOTHING_ROLLED : await rollupCoverage(d1, site)
  const [rows, sketches] = await Promise.all([
    metricRows(d1, site, period, { dims: [], bucket: 'day', filters }, cov),
    visitorSketches(d1, site, period, filters, cov),
  ])
  return deriveMetrics(sumRows(rows.filter((r) => r.dim === '')), estimate(mergeSketches(sketches.values())))
}
