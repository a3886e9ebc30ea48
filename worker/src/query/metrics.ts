/** Derived metrics (rates, averages) from summed metric rows. Pure. */
import { METRIC_COLUMNS, type MetricRow } from './stats-sql'

export type Sums = Record<(typeof METRIC_COLUMNS)[number], number>

export function emptySums(): Sums {
  return Object.fromEntries(METRIC_COLUMNS.map((c) => [c, 0])) as Sums
}

export function sumRows(rows: MetricRow[]): Sums {
  const s = emptySums()
  for (const r of rows) for (const c of METRIC_COLUMNS) s[c] += Number(r[c] ?? 0)
  return s
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0)

export const METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
  'events',
  'conversions',
  'conversion_rate',
  'orders',
  'revenue',
  'average_order_value',
] as const
export type Metric = (typeof METRICS)[number]
export type Metrics = Record<Metric, number>

/**
 * bounce_rate and conversion_rate are percentages of visits; visit_duration is the mean visit
 * length in seconds; revenue and average_order_value are in the site currency.
 */
export function deriveMetrics(s: Sums, visitors = s.visitors): Metrics {
  return {
    visitors,
    visits: s.visits,
    pageviews: s.pageviews,
    views_per_visit: round(ratio(s.pageviews, s.visits), 2),
    bounce_rate: round(100 * ratio(s.bounces, s.visits), 1),
    visit_duration: Math.round(ratio(s.duration_ms, s.visits) / 1000),
    events: s.events,
    conversions: s.conversions,
    conversion_rate: round(100 * ratio(s.conversions, s.visits), 1),
    orders: s.orders,
    revenue: round(s.revenue, 2),
    average_order_value: round(ratio(s.revenue, s.orders), 2),
  }
}

/** Relative change in percent, null when there is nothing to compare with. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null
  return round((100 * (current - previous)) / previous, 1)
}
