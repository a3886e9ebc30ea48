/**
 * Breakdown dimensions and filters. Each dimension belongs to one family, which fixes what it
 * counts and how a filter on it selects visits:
 * - session: the visit's entry value (source, utm_*, country, device, entry page…) — the whole
 *   visit is attributed to it;
 * - event: every matching event (page = pageviews by path, event = events by name, search =
 *   search terms, prop:<key> = custom event props); a filter keeps visits with at least one match;
 * - exit: the visit's last page;
 * - order: items of orders (product, category).
 * Session dimensions are event columns (db/rows.ts), read from the visit's first event.
 */
import type { EventRow } from '../db/rows'

export const SESSION_DIMENSIONS = [
  'source',
  'medium',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'entry_page',
  'country',
  'region',
  'city',
  'device',
  'browser',
  'os',
] as const satisfies readonly (keyof EventRow | 'entry_page')[]
export const EVENT_DIMENSIONS = ['page', 'event', 'search'] as const
export const ORDER_DIMENSIONS = ['product', 'category'] as const

export type SessionDimension = (typeof SESSION_DIMENSIONS)[number]
export type EventDimension = (typeof EVENT_DIMENSIONS)[number]
export type OrderDimension = (typeof ORDER_DIMENSIONS)[number]
export type PropDimension = `prop:${string}`
export type Dimension = SessionDimension | EventDimension | OrderDimension | 'exit_page' | PropDimension

/** Dimensions the rollup job materialises per day (props are open-ended and stay raw-only). */
export const ROLLUP_DIMENSIONS: Dimension[] = [
  ...SESSION_DIMENSIONS,
  'exit_page',
  ...EVENT_DIMENSIONS,
  ...ORDER_DIMENSIONS,
]

/** Shown for a missing value (direct traffic, no campaign, unknown city). */
export const NONE = '(none)'

const PROP_KEY = /^[A-Za-z0-9_.-]{1,100}$/

export function isDimension(s: string): s is Dimension {
  if (s.startsWith('prop:')) return PROP_KEY.test(s.slice(5))
  return (ROLLUP_DIMENSIONS as string[]).includes(s)
}

export function familyOf(d: Dimension): 'session' | 'event' | 'exit' | 'order' {
  if ((SESSION_DIMENSIONS as readonly string[]).includes(d)) return 'session'
  if ((ORDER_DIMENSIONS as readonly string[]).includes(d)) return 'order'
  if (d === 'exit_page') return 'exit'
  return 'event'
}

/**
 * SQL expression of a dimension over one `events` row aliased `e` (session dimensions are read
 * on the visit's first event, exit_page on its last). Prop keys are validated by isDimension, so
 * inlining the JSON path is safe.
 */
export function eventExpr(d: Dimension, e = 'e'): string {
  if (d === 'entry_page' || d === 'page' || d === 'exit_page') return `${e}.path`
  if (d === 'event') return `coalesce(${e}.name, ${e}.type)`
  if (d === 'search') return `${e}.query`
  if (d.startsWith('prop:')) {
    const key = d.slice(5)
    return `coalesce(json_extract(${e}.props, '$.props."${key}"'), json_extract(${e}.props, '$."${key}"'))`
  }
  if (familyOf(d) === 'order') throw new Error(`${d} is an order dimension`)
  return `${e}.${d}`
}

/** Which events a per-event dimension counts. */
export function eventScope(d: Dimension, e = 'e'): string {
  if (d === 'page') return `${e}.type = 'pageview'`
  if (d === 'search') return `${e}.type = 'search'`
  if (d.startsWith('prop:')) return `${eventExpr(d, e)} IS NOT NULL`
  return '1'
}

export type FilterOp = 'is' | 'is_not' | 'contains'
export interface Filter {
  dimension: Dimension
  op: FilterOp
  value: string
}

const OPS: [string, FilterOp][] = [
  ['!=', 'is_not'],
  ['~=', 'contains'],
  ['==', 'is'],
]

/** Parses `source==google`, `page!=/cart`, `page~=/blog`, `prop:plan==pro`; null when malformed. */
export function parseFilter(raw: string): Filter | null {
  let best: { at: number; token: string; op: FilterOp } | null = null
  for (const [token, op] of OPS) {
    const at = raw.indexOf(token)
    if (at > 0 && (!best || at < best.at)) best = { at, token, op }
  }
  if (!best) return null
  const dimension = raw.slice(0, best.at)
  const value = raw.slice(best.at + best.token.length)
  if (!isDimension(dimension) || familyOf(dimension) === 'order') return null
  return { dimension, op: best.op, value }
}

/** Compares a dimension expression with a bound value (pushed onto `params`) for one filter op. */
export function compareSql(expr: string, f: Filter, params: (string | number)[]): string {
  params.push(f.value)
  const v = `coalesce(${expr}, '${NONE}')`
  if (f.op === 'contains') return `instr(lower(${v}), lower(?)) > 0`
  return f.op === 'is' ? `${v} = ?` : `${v} <> ?`
}
