/**
 * Periods in a site's timezone. Day boundaries are real instants computed with Intl, so a
 * DST day is 23 or 25 hours long and "today" in Berlin starts at 23:00 or 22:00 UTC.
 */
import { DAY_MS } from '../lib/time'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(tz: string) {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, f)
  }
  return f
}

/** Whether Intl knows the IANA zone name. */
export function isValidTimezone(tz: string): boolean {
  try {
    formatter(tz)
    return true
  } catch {
    return false
  }
}

/** Offset of `tz` from UTC at instant `ts`, in ms (Berlin in summer: +7,200,000). */
export function tzOffset(ts: number, tz: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatter(tz).formatToParts(new Date(ts))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return asUtc - Math.floor(ts / 1000) * 1000
}

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(ts: number, tz: string): string {
  return new Date(ts + tzOffset(ts, tz)).toISOString().slice(0, 10)
}

/**
 * The instant a wall-clock time happens in `tz`; `wall` is that time read as if it were UTC
 * (`Date.parse('2026-11-01T00:00:00Z')` for midnight of 1 November).
 */
export function wallClockInstant(wall: number, tz: string): number {
  // Two passes settle the offset even when the time sits next to a DST switch.
  let ts = wall - tzOffset(wall, tz)
  ts = wall - tzOffset(ts, tz)
  return ts
}

/** The instant local midnight of `day` happens in `tz`. */
export function dayStart(day: string, tz: string): number {
  return wallClockInstant(Date.parse(`${day}T00:00:00Z`), tz)
}

/** day ± n calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Inclusive list of days from `from` to `to`. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

/** A half-open instant range [start, end) covering whole local days [from, to]. */
export interface Period {
  from: string
  to: string
  start: number
  end: number
}

export function periodOf(from: string, to: string, tz: string): Period {
  return { from, to, start: dayStart(from, tz), end: dayStart(addDays(to, 1), tz) }
}

export type PeriodName = 'today' | 'yesterday' | '7d' | '30d' | 'month' | 'custom'

/**
 * Resolves a named period relative to `today` (a local day). 7d and 30d end today, inclusive;
 * month is the calendar month of `today`; custom takes an inclusive [from, to].
 */
export function resolvePeriod(
  name: PeriodName,
  today: string,
  tz: string,
  custom?: { from: string; to: string },
): Period {
  switch (name) {
    case 'today':
      return periodOf(today, today, tz)
    case 'yesterday':
      return periodOf(addDays(today, -1), addDays(today, -1), tz)
    case '7d':
      return periodOf(addDays(today, -6), today, tz)
    case '30d':
      return periodOf(addDays(today, -29), today, tz)
    case 'month': {
      const first = `${today.slice(0, 8)}01`
      return periodOf(first, lastDayOfMonth(first), tz)
    }
    case 'custom':
      if (!custom) throw new Error('custom period needs from and to')
      return periodOf(custom.from, custom.to, tz)
  }
}

function lastDayOfMonth(first: string): string {
  const [y, m] = first.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** The period just before `p`: the previous month for a whole month, else the same number of days. */
export function previousPeriod(p: Period, tz: string): Period {
  if (p.from.endsWith('-01') && p.to === lastDayOfMonth(p.from)) {
    const prevLast = addDays(p.from, -1)
    return periodOf(`${prevLast.slice(0, 8)}01`, prevLast, tz)
  }
  const n = daysBetween(p.from, p.to).length
  return periodOf(addDays(p.from, -n), addDays(p.from, -1), tz)
}

/**
 * Constant-offset spans covering [start, end): SQL turns an instant into a local time with
 * `ts + CASE WHEN ts < until THEN offset … END`, exact across DST switches.
 */
export function offsetSpans(start: number, end: number, tz: string): { until: number; offset: number }[] {
  const spans: { until: number; offset: number }[] = []
  let cursor = start
  let offset = tzOffset(start, tz)
  const step = 6 * 3_600_000
  for (let t = start + step; t < end + step; t += step) {
    const probe = Math.min(t, end)
    const next = tzOffset(probe, tz)
    if (next !== offset) {
      // Binary search the switch to the minute.
      // Binary search the exact switch instant (to the millisecond).
      let lo = Math.max(cursor, probe - step)
      let hi = probe
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2)
        if (tzOffset(mid, tz) === offset) lo = mid
        else hi = mid
      }
      spans.push({ until: hi, offset })
      cursor = hi
      offset = next
    }
    if (probe === end) break
  }
  spans.push({ until: Number.MAX_SAFE_INTEGER, offset })
  return spans
}

/** ISO week start (Monday) of a local day, and the first of its month: buckets for timeseries. */
export function weekOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return addDays(day, -((dow + 6) % 7))
}
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`
}

/** Local hour label (YYYY-MM-DDTHH:00) of an instant, as the SQL hour bucket writes it. */
export function localHour(ts: number, tz: string): string {
  return `${new Date(ts + tzOffset(ts, tz)).toISOString().slice(0, 13)}:00`
}

/** Every local hour label of a period, in order (23 on a spring-forward day, 24 labels on fall-back). */
export function hoursOf(p: Period, tz: string): string[] {
  const labels: string[] = []
  for (let t = p.start; t < p.end; t += 3_600_000) {
    const label = localHour(t, tz)
    if (labels.at(-1) !== label && !labels.includes(label)) labels.push(label)
  }
  return labels
}
