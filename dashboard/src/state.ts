/**
 * What the dashboard shows lives in the URL's query string, so a view can be shared or bookmarked
 * (the key never is: it stays in sessionStorage). Defaults are left out of the URL.
 */
import {
  daysBetween,
  localDay,
  type Period,
  type PeriodName,
  previousPeriod,
  resolvePeriod,
} from '../../worker/src/query/period'
import { type FilterOp, parseFilter } from '../../worker/src/query/dimensions'
import type { Params } from './api'

export const VIEWS = [
  { id: 'overview', label: 'Overview' },
  { id: 'funnels', label: 'Funnels' },
  { id: 'revenue', label: 'Revenue' },
  { id: 'search', label: 'Site search' },
  { id: 'audience', label: 'Audience' },
  { id: 'quality', label: 'Consent & data quality' },
] as const
export type View = (typeof VIEWS)[number]['id']

export const PERIODS = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: 'month', label: 'This month' },
  { id: 'custom', label: 'Custom range' },
] as const
export type PeriodChoice = (typeof PERIODS)[number]['id']

export interface UrlState {
  site?: string
  view: View
  period: PeriodChoice
  /** A custom period's first and last day (YYYY-MM-DD, inclusive). */
  from?: string
  to?: string
  compare: boolean
  /** Filters in the API's syntax: `page==/pricing`, `source!=google`, `page~=/blog`. */
  filters: string[]
  /** Funnel steps in the same syntax, and the funnel's window. */
  steps: string[]
  window: string
  /** The visitor whose timeline is open in the audience view. */
  vid?: string
  segment?: string
  lifecycle?: string
}

const DEFAULTS = { view: 'overview', period: '30d', window: 'session' } as const
const isView = (v: string | null): v is View => VIEWS.some((x) => x.id === v)
const isPeriod = (v: string | null): v is PeriodChoice => PERIODS.some((x) => x.id === v)
const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v)

export function parseState(search: string): UrlState {
  const q = new URLSearchParams(search)
  const view = q.get('view')
  let period: PeriodChoice = isPeriod(q.get('period')) ? (q.get('period') as PeriodChoice) : DEFAULTS.period
  const from = q.get('from')
  const to = q.get('to')
  if (period === 'custom' && !(isDay(from) && isDay(to) && from <= to)) period = DEFAULTS.period
  return {
    site: q.get('site') || undefined,
    view: isView(view) ? view : DEFAULTS.view,
    period,
    from: period === 'custom' ? (from as string) : undefined,
    to: period === 'custom' ? (to as string) : undefined,
    compare: q.get('compare') !== 'off',
    filters: q.getAll('filter').filter((f) => f.length > 0),
    steps: q.getAll('step').filter((f) => f.length > 0),
    window: q.get('window') || DEFAULTS.window,
    vid: q.get('vid') || undefined,
    segment: q.get('segment') || undefined,
    lifecycle: q.get('lifecycle') || undefined,
  }
}

export function stateToSearch(s: UrlState): string {
  const q = new URLSearchParams()
  if (s.site) q.set('site', s.site)
  if (s.view !== DEFAULTS.view) q.set('view', s.view)
  if (s.period !== DEFAULTS.period) q.set('period', s.period)
  if (s.period === 'custom' && s.from && s.to) {
    q.set('from', s.from)
    q.set('to', s.to)
  }
  if (!s.compare) q.set('compare', 'off')
  for (const f of s.filters) q.append('filter', f)
  for (const f of s.steps) q.append('step', f)
  if (s.window !== DEFAULTS.window) q.set('window', s.window)
  if (s.vid) q.set('vid', s.vid)
  if (s.segment) q.set('segment', s.segment)
  if (s.lifecycle) q.set('lifecycle', s.lifecycle)
  const out = q.toString()
  return out ? `?${out}` : ''
}

/** The API parameters naming the period of a state. */
export function periodParams(s: UrlState): Params {
  return s.period === 'custom' ? { period: 'custom', from: s.from, to: s.to } : { period: s.period }
}

/** The period a state names, in the site's timezone, as the API resolves it. */
export function periodOfState(s: UrlState, timezone: string, now = Date.now()): Period {
  const today = localDay(now, timezone)
  const custom = s.from && s.to ? { from: s.from, to: s.to } : undefined
  return resolvePeriod(s.period as PeriodName, today, timezone, custom)
}

/** The period a state is compared with (what the aggregate route answers as `compare`). */
export function comparisonParams(s: UrlState, timezone: string, now = Date.now()): Params {
  const prev = previousPeriod(periodOfState(s, timezone, now), timezone)
  return { period: 'custom', from: prev.from, to: prev.to }
}

export type Interval = 'hour' | 'day' | 'week' | 'month'

/** One bucket per hour for a single day, per day up to a quarter, then per week, then per month. */
export function intervalOf(p: Period): Interval {
  const days = daysBetween(p.from, p.to).length
  if (days === 1) return 'hour'
  if (days <= 92) return 'day'
  if (days <= 400) return 'week'
  return 'month'
}

const OP_LABELS: Record<FilterOp, string> = { is: 'is', is_not: 'is not', contains: 'contains' }

/** A filter's parts in words, for a chip; null when it is not in the API's filter syntax. */
export function describeFilter(f: string): { dimension: string; op: string; value: string } | null {
  const parsed = parseFilter(f)
  return parsed && { dimension: parsed.dimension, op: OP_LABELS[parsed.op], value: parsed.value }
}

/** The filters with `dimension==value` in place of any other "is" filter on that dimension. */
export function withFilter(filters: string[], dimension: string, value: string): string[] {
  return [...filters.filter((f) => !f.startsWith(`${dimension}==`)), `${dimension}==${value}`]
}
