/**
 * The one definition of every traffic metric, as SQL over raw `events` and `orders`. The rollup
 * job materialises its output per day; queries run it live for days not rolled up yet (today)
 * and for filtered or hourly questions. Pure: returns SQL text and parameters.
 *
 * A visit (session) is the events sharing `sid` (or, without a session id, one visitor's events)
 * within one local day. Bounce: a visit with exactly one pageview. Duration: last − first event.
 * Conversion: a visit with a purchase. Revenue: orders less refunds (each on its own day).
 */
import {
  compareSql,
  type Dimension,
  eventExpr,
  eventScope,
  type Filter,
  familyOf,
  NONE,
  SESSION_DIMENSIONS,
  type SessionDimension,
} from './dimensions'

export interface Span {
  until: number
  offset: number
}

export interface RawScope {
  siteId: string
  /** Half-open instant range [start, end). */
  start: number
  end: number
  /** Offsets from UTC in force across the range (see offsetSpans). */
  spans: Span[]
  filters: Filter[]
  /**
   * Keeps only the visitors (and visitor-less sessions) with an event or an order in
   * [since, until), plus, with `keepFrom`, everything at or after it. This is how the rows after
   * a partial rollup's watermark are read: see splitPeriod in stats.ts.
   */
  touched?: {
    since: number
    until: number
    keepFrom?: number
    /** More touched visitor and session ids (those of late events), as a JSON array. */
    ids?: string
  }
  /** Only events received (received_at) before this instant: what a partial rollup holds. */
  receivedBefore?: number
}

export type Bucket = 'day' | 'hour'

/** One output row; `dim` is '' with `value` '' for site totals. */
export interface MetricRow {
  bucket: string
  dim: string
  value: string
  visitors: number
  visits: number
  pageviews: number
  events: number
  bounces: number
  duration_ms: number
  conversions: number
  orders: number
  revenue: number
  units: number
  zero_results: number
}

export const METRIC_COLUMNS = [
  'visitors',
  'visits',
  'pageviews',
  'events',
  'bounces',
  'duration_ms',
  'conversions',
  'orders',
  'revenue',
  'units',
  'zero_results',
] as const

export interface Sql {
  sql: string
  params: (string | number)[]
}

/** Local time of an instant column, in ms: `col + offset` with the offset of its span. */
export function localMs(col: string, spans: Span[]): string {
  if (spans.length === 1) return `(${col} + ${spans[0]!.offset})`
  const arms = spans
    .slice(0, -1)
    .map((s) => `WHEN ${col} < ${s.until} THEN ${s.offset}`)
    .join(' ')
  return `(${col} + CASE ${arms} ELSE ${spans.at(-1)!.offset} END)`
}

export function bucketExpr(col: string, bucket: Bucket, spans: Span[]): string {
  const seconds = `${localMs(col, spans)} / 1000`
  return bucket === 'hour'
    ? `strftime('%Y-%m-%dT%H:00', ${seconds}, 'unixepoch')`
    : `date(${seconds}, 'unixepoch')`
}

function sessionValue(d: SessionDimension) {
  return `max(CASE WHEN r.rn_first = 1 THEN coalesce(${eventExpr(d, 'r')}, '${NONE}') END)`
}

/** HAVING clause (on the visit) for one filter, with its parameters pushed onto `params`. */
function filterCondition(f: Filter, params: (string | number)[]): string {
  const family = familyOf(f.dimension)
  const target =
    family === 'session'
      ? 'r.rn_first = 1'
      : family === 'exit'
        ? 'r.rn_last = 1'
        : eventScope(f.dimension, 'r')
  // "is not" keeps visits with no matching event, so the match itself is an equality.
  const match = compareSql(eventExpr(f.dimension, 'r'), { ...f, op: f.op === 'is_not' ? 'is' : f.op }, params)
  const any = `max(CASE WHEN ${target} AND ${match} THEN 1 ELSE 0 END)`
  return f.op === 'is_not' ? `${any} = 0` : `${any} = 1`
}

/** Columns of `events` the statement needs: the fewer, the cheaper the window sorts. */
function neededColumns(dims: Dimension[]): string {
  const cols = new Set(['id', 'type', 'ts', 'vid', 'path', 'name', 'query', 'results'])
  for (const d of dims) {
    if (d.startsWith('prop:')) cols.add('props')
    else if (familyOf(d) === 'session' && d !== 'entry_page') cols.add(d)
  }
  return [...cols].map((c) => `e.${c}`).join(', ')
}

/**
 * The `touched` CTE: ids of the visitors (vid) and sessions (sid) with an event, and of the
 * visitors with an order, in [since, until). Empty text without `scope.touched`.
 */
function touchedCte(scope: RawScope, params: (string | number)[]): string {
  if (!scope.touched) return ''
  const { since, until, ids } = scope.touched
  params.push(scope.siteId, since, until, scope.siteId, since, until, scope.siteId, since, until)
  const late = ids === undefined ? '' : '\n    UNION ALL SELECT value FROM json_each(?)'
  if (ids !== undefined) params.push(ids)
  // UNION ALL, and no "vid IS NOT NULL": either tempts the planner into walking (site_id, vid)
  // over every event of the site. IN ignores duplicates, and a NULL in the set matches nothing.
  return `touched(id) AS MATERIALIZED (
    SELECT vid FROM events WHERE site_id = ? AND ts >= ? AND ts < ?
    UNION ALL SELECT sid FROM events WHERE site_id = ? AND ts >= ? AND ts < ?
    UNION ALL SELECT vid FROM orders WHERE site_id = ? AND ts >= ? AND ts < ?${late}
  ),
  `
}

/** Orders (or refunds, alias r) of touched visitors, and with `keepFrom` every later one. */
function touchedOrders(scope: RawScope, params: (string | number)[], alias: 'o' | 'r' = 'o'): string {
  if (!scope.touched) return ''
  if (scope.touched.keepFrom === undefined) return ` AND ${alias}.vid IN (SELECT id FROM touched)`
  params.push(scope.touched.keepFrom)
  return ` AND (${alias}.vid IN (SELECT id FROM touched) OR ${alias}.ts >= ?)`
}

/**
 * The events a scope reads, as FROM … WHERE clauses over `events e` (joined by UNION ALL).
 * Touched scopes read the touched visitors through (site_id, vid, ts), one index range per
 * visitor, rather than all of the day's events; a session is kept whole through its visitor,
 * since a visitor id and a session id are renewed together (snippet/src/ids.ts). Events without a
 * visitor id are kept by session id.
 */
function eventRanges(scope: RawScope, params: (string | number)[]): string[] {
  const { siteId, start, end, touched } = scope
  const all = 'e.site_id = ? AND e.ts >= ? AND e.ts < ? AND coalesce(e.sid, e.vid) IS NOT NULL'
  const received = receivedCondition(scope, 'e')
  if (!touched) {
    params.push(siteId, start, end, ...received.params)
    return [`events e WHERE ${all}${received.sql}`]
  }
  const until = touched.keepFrom === undefined ? end : Math.min(touched.keepFrom, end)
  params.push(siteId, start, until, ...received.params, siteId, start, until, ...received.params)
  // INDEXED BY: without table statistics the planner may walk the whole site instead.
  const ranges = [
    `events e INDEXED BY events_site_vid WHERE e.site_id = ? AND e.vid IN (SELECT id FROM touched) AND e.ts >= ? AND e.ts < ?${received.sql}`,
    `events e INDEXED BY events_site_vid WHERE e.site_id = ? AND e.vid IS NULL AND e.ts >= ? AND e.ts < ?${received.sql} AND e.sid IN (SELECT id FROM touched)`,
  ]
  if (touched.keepFrom !== undefined && touched.keepFrom < end) {
    params.push(siteId, touched.keepFrom, end, ...received.params)
    ranges.push(`events e WHERE ${all}${received.sql}`)
  }
  return ranges
}

/** The receivedBefore bound of a scope on `events` (alias e, or none). */
function receivedCondition(scope: RawScope, alias: 'e' | 'r' | ''): Sql {
  const col = alias ? `${alias}.received_at` : 'received_at'
  const out: Sql = { sql: '', params: [] }
  if (scope.receivedBefore !== undefined) {
    out.sql += ` AND ${col} < ?`
    out.params.push(scope.receivedBefore)
  }
  return out
}

/** The `ev` (events in range), `ranked` and `sessions` CTEs shared by every statement. */
function sessionCtes(
  scope: RawScope,
  entryDims: SessionDimension[],
  params: (string | number)[],
  dims: Dimension[] = [],
): string {
  const touched = touchedCte(scope, params)
  const columns = neededColumns([...dims, ...entryDims, ...scope.filters.map((f) => f.dimension)])
  const ev = eventRanges(scope, params).map(
    (from) => `SELECT ${columns}, coalesce(e.sid, 'v:' || e.vid) AS skey,
      ${bucketExpr('e.ts', 'day', scope.spans)} AS day
    FROM ${from}`,
  )
  const entries = entryDims.map((d) => `${sessionValue(d)} AS entry_${d}`).join(',\n      ')
  const having = scope.filters.map((f) => filterCondition(f, params))
  return `${touched}ev AS (
    ${ev.join('\n    UNION ALL\n    ')}
  ),
  ranked AS (
    SELECT ev.*,
      row_number() OVER (PARTITION BY day, skey ORDER BY ts, id) AS rn_first,
      row_number() OVER (PARTITION BY day, skey ORDER BY ts DESC, id DESC) AS rn_last
    FROM ev
  ),
  sessions AS MATERIALIZED (
    SELECT r.day, r.skey, max(r.vid) AS vid, min(r.ts) AS start, max(r.ts) - min(r.ts) AS duration,
      sum(r.type = 'pageview') AS pageviews, count(*) AS events, max(r.type = 'purchase') AS converted,
      max(CASE WHEN r.rn_last = 1 THEN coalesce(r.path, '${NONE}') END) AS exit_page${entries ? `,\n      ${entries}` : ''}
    FROM ranked r
    GROUP BY r.day, r.skey${having.length ? `\n    HAVING ${having.join(' AND ')}` : ''}
  )`
}

const ZERO_SESSION = '0 AS conversions, 0 AS orders, 0 AS revenue, 0 AS units'

function sessionSelect(bucket: string, dim: string, valueCol: string | null): string {
  const value = valueCol ?? "''"
  return `SELECT ${bucket} AS bucket, '${dim}' AS dim, ${value} AS value, count(DISTINCT vid) AS visitors,
      count(*) AS visits, sum(pageviews) AS pageviews, sum(events) AS events, sum(pageviews = 1) AS bounces,
      sum(duration) AS duration_ms, sum(converted) AS conversions, 0 AS orders, 0 AS revenue, 0 AS units,
      0 AS zero_results
    FROM sessions GROUP BY 1${valueCol ? ', 3' : ''}`
}

function eventSelect(d: Dimension, bucket: string, filtered: boolean): string {
  // Read as `ev` (not `e`): a scan of the CTE must not look like a scan of events in a plan.
  const join = filtered ? 'JOIN sessions s ON s.day = ev.day AND s.skey = ev.skey' : ''
  return `SELECT ${bucket} AS bucket, '${d}' AS dim, coalesce(${eventExpr(d, 'ev')}, '${NONE}') AS value,
      count(DISTINCT ev.vid) AS visitors, count(DISTINCT ev.skey) AS visits, sum(ev.type = 'pageview') AS pageviews,
      count(*) AS events, 0 AS bounces, 0 AS duration_ms, ${ZERO_SESSION},
      coalesce(sum(ev.results = 0), 0) AS zero_results
    FROM ev ${join}
    WHERE ${eventScope(d, 'ev')}
    GROUP BY 1, 3`
}

/** Order o was placed in a kept visit (of the `sessions` CTE, which applies the filters). */
const KEPT_ORDER =
  ' AND o.event_id IN (SELECT e.id FROM ev e JOIN sessions s ON s.day = e.day AND s.skey = e.skey)'

/**
 * Orders in range, restricted to orders placed in a kept visit when filters apply; `join` is
 * joined to each order. INDEXED BY: without table statistics the planner may read a touched
 * scope's orders (o.vid IN touched) through the primary key's site prefix, all of the site's orders.
 */
function ordersFrom(scope: RawScope, params: (string | number)[], join = ''): string {
  params.push(scope.siteId, scope.start, scope.end)
  const only = touchedOrders(scope, params)
  const kept = scope.filters.length ? KEPT_ORDER : ''
  return `orders o INDEXED BY orders_site_ts${join} WHERE o.site_id = ? AND o.ts >= ? AND o.ts < ?${only}${kept}`
}

/** SELECTs of one row family for the metric union: their parameters are pushed onto `params` in order. */
type SelectsOf = (
  dims: Dimension[],
  withTotals: boolean,
  scope: RawScope,
  bucket: Bucket,
  params: (string | number)[],
) => string[]

const orderSelects: SelectsOf = (dims, withTotals, scope, bucket, params) => {
  const b = bucketExpr('o.ts', bucket, scope.spans)
  const out: string[] = []
  const sessionZeros =
    '0 AS visits, 0 AS pageviews, 0 AS events, 0 AS bounces, 0 AS duration_ms, 0 AS conversions'
  if (withTotals)
    out.push(`SELECT ${b} AS bucket, '' AS dim, '' AS value, 0 AS visitors, ${sessionZeros},
      count(*) AS orders, sum(o.value) AS revenue, 0 AS units, 0 AS zero_results FROM ${ordersFrom(scope, params)} GROUP BY 1`)
  if (dims.includes('source'))
    out.push(`SELECT ${b} AS bucket, 'source' AS dim, coalesce(o.source, '${NONE}') AS value, 0 AS visitors, ${sessionZeros},
      count(*) AS orders, sum(o.value) AS revenue, 0 AS units, 0 AS zero_results FROM ${ordersFrom(scope, params)} GROUP BY 1, 3`)
  for (const d of dims.filter((x) => familyOf(x) === 'order')) {
    const value =
      d === 'product'
        ? `coalesce(i.value ->> '$.name', i.value ->> '$.id', '${NONE}')`
        : `coalesce(i.value ->> '$.category', '${NONE}')`
    out.push(`SELECT ${b} AS bucket, '${d}' AS dim, ${value} AS value, count(DISTINCT o.vid) AS visitors, ${sessionZeros},
      count(DISTINCT o.order_id) AS orders,
      sum(coalesce(i.value ->> '$.price', 0) * coalesce(i.value ->> '$.quantity', 1)) AS revenue,
      sum(coalesce(i.value ->> '$.quantity', 1)) AS units, 0 AS zero_results
    FROM ${ordersFrom(scope, params, ", json_each(CASE WHEN json_valid(o.items) THEN o.items ELSE '[]' END) i")}
    GROUP BY 1, 3`)
  }
  return out
}

/**
 * Refunds in range as negative revenue, on the day of the refund and under the source of the order
 * refunded. A refund without a value (of a whole order) is worth its order. With filters, only
 * refunds of orders placed in a kept visit count, as for orders.
 */
const refundSelects: SelectsOf = (dims, withTotals, scope, bucket, params) => {
  const b = bucketExpr('r.ts', bucket, scope.spans)
  const zeros =
    '0 AS visitors, 0 AS visits, 0 AS pageviews, 0 AS events, 0 AS bounces, 0 AS duration_ms, 0 AS conversions, 0 AS orders'
  const from = () => {
    params.push(scope.siteId, scope.start, scope.end)
    const received = receivedCondition(scope, 'r')
    params.push(...received.params)
    const only = touchedOrders(scope, params, 'r')
    const kept = scope.filters.length ? KEPT_ORDER : ''
    return `events r INDEXED BY events_site_ts LEFT JOIN orders o ON o.site_id = r.site_id AND o.order_id = r.order_id
      WHERE r.site_id = ? AND r.ts >= ? AND r.ts < ? AND r.type = 'refund'${received.sql}${only}${kept}`
  }
  const revenue = '-sum(coalesce(r.value, o.value, 0)) AS revenue, 0 AS units, 0 AS zero_results'
  const out: string[] = []
  if (withTotals)
    out.push(`SELECT ${b} AS bucket, '' AS dim, '' AS value, ${zeros}, ${revenue} FROM ${from()} GROUP BY 1`)
  if (dims.includes('source'))
    out.push(`SELECT ${b} AS bucket, 'source' AS dim, coalesce(o.source, '${NONE}') AS value, ${zeros}, ${revenue}
      FROM ${from()} GROUP BY 1, 3`)
  return out
}

/**
 * Metric rows for site totals (`withTotals`) and each dimension in `dims`, per bucket. Rows may
 * repeat a (bucket, dim, value) key — session and order parts of `source` — and are summed by
 * mergeRows.
 */
export function rawMetricsSql(scope: RawScope, bucket: Bucket, dims: Dimension[], withTotals = true): Sql {
  const params: (string | number)[] = []
  const entryDims = SESSION_DIMENSIONS.filter(
    (d) => dims.includes(d) || scope.filters.some((f) => f.dimension === d),
  )
  const ctes = sessionCtes(scope, entryDims, params, dims)
  const sessionBucket = bucketExpr('start', bucket, scope.spans)
  const eventBucket = bucketExpr('ev.ts', bucket, scope.spans)
  const selects: string[] = []
  if (withTotals) selects.push(sessionSelect(sessionBucket, '', null))
  for (const d of dims) {
    const family = familyOf(d)
    if (family === 'session') selects.push(sessionSelect(sessionBucket, d, `entry_${d}`))
    else if (family === 'exit') selects.push(sessionSelect(sessionBucket, d, 'exit_page'))
    else if (family === 'event') selects.push(eventSelect(d, eventBucket, scope.filters.length > 0))
  }
  selects.push(...orderSelects(dims, withTotals, scope, bucket, params))
  selects.push(...refundSelects(dims, withTotals, scope, bucket, params))
  return { sql: `WITH ${ctes}\n${unionAll(selects)}`, params }
}

/**
 * UNION ALL of many SELECTs as a tree of at most 4 terms per compound: D1 caps the terms of
 * one compound SELECT, and one statement keeps the sessions CTE computed once.
 */
export function unionAll(selects: string[]): string {
  if (selects.length <= 4) return selects.join('\nUNION ALL\n')
  const groups: string[] = []
  for (let i = 0; i < selects.length; i += 4)
    groups.push(`SELECT * FROM (${selects.slice(i, i + 4).join('\nUNION ALL\n')})`)
  return unionAll(groups)
}

/** Distinct (local day, visitor id) pairs of the kept visits in range, for visitor sketches. */
export function rawVisitorsSql(scope: RawScope): Sql {
  if (scope.filters.length === 0) {
    // Unfiltered, that is every visitor id in range: an index range, no visits to assemble.
    const received = receivedCondition(scope, '')
    return {
      sql: `SELECT DISTINCT ${bucketExpr('ts', 'day', scope.spans)} AS day, vid FROM events
        WHERE site_id = ? AND ts >= ? AND ts < ? AND vid IS NOT NULL${received.sql}`,
      params: [scope.siteId, scope.start, scope.end, ...received.params],
    }
  }
  const params: (string | number)[] = []
  const ctes = sessionCtes(scope, [], params)
  return { sql: `WITH ${ctes}\nSELECT DISTINCT day, vid FROM sessions WHERE vid IS NOT NULL`, params }
}

/** Sums rows sharing (bucket, dim, value). */
export function mergeRows(rows: MetricRow[]): MetricRow[] {
  const byKey = new Map<string, MetricRow>()
  for (const r of rows) {
    const key = `${r.bucket}\u0000${r.dim}\u0000${r.value}`
    const acc = byKey.get(key)
    if (!acc) byKey.set(key, { ...r })
    else for (const c of METRIC_COLUMNS) acc[c] += Number(r[c] ?? 0)
  }
  return [...byKey.values()]
}
