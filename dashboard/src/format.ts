/**
 * Every number, amount and date the dashboard shows, formatted with Intl in the reader's language,
 * the site's currency and the site's timezone. Bucket labels from the API (`2026-03-29`,
 * `2026-03-29T14:00`) are already local to the site, so they are shown as written (read as UTC).
 */
import type { Metric } from '../../worker/src/query/metrics'

export interface Formats {
  locale: string | undefined
  timezone: string
  currency: string
  int(n: number): string
  num(n: number): string
  compact(n: number): string
  /** A percentage given as 0–100. */
  pct(n: number): string
  money(n: number): string
  /** Seconds as minutes and seconds. */
  duration(seconds: number): string
  /** A change in percent, signed; null (nothing to compare with) as a dash. */
  change(n: number | null): string
  metric(m: Metric, n: number): string
  /** A local day label (YYYY-MM-DD). */
  day(label: string): string
  /** A timeseries bucket label: a day, a week's Monday, a month or a local hour. */
  bucket(label: string, interval: 'hour' | 'day' | 'week' | 'month'): string
  /** A period's days, e.g. "3 – 9 Nov 2026". */
  range(from: string, to: string): string
  /** An instant (ms since epoch) in the site's timezone. */
  dateTime(ms: number): string
  /** An instant to the second, for timelines. */
  moment(ms: number): string
  time(ms: number): string
}

const asUtc = (label: string) => new Date(`${label.length === 10 ? `${label}T00:00` : label}:00Z`)

export function formats(site: { currency: string; timezone: string }, locale?: string): Formats {
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o)
  const int = nf({ maximumFractionDigits: 0 })
  const num = nf({ maximumFractionDigits: 2 })
  const compact = nf({ notation: 'compact', maximumFractionDigits: 1 })
  const pct = nf({ style: 'percent', maximumFractionDigits: 1 })
  const change = nf({ style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' })
  const money = nf({ style: 'currency', currency: site.currency })
  const minutes = nf({ style: 'unit', unit: 'minute', unitDisplay: 'narrow' })
  const seconds = nf({ style: 'unit', unit: 'second', unitDisplay: 'narrow' })
  const df = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, o)
  const day = df({ timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' })
  const dayShort = df({ timeZone: 'UTC', day: 'numeric', month: 'short' })
  const month = df({ timeZone: 'UTC', month: 'short', year: 'numeric' })
  const hour = df({ timeZone: 'UTC', hour: '2-digit', minute: '2-digit' })
  const dateTime = df({ timeZone: site.timezone, dateStyle: 'medium', timeStyle: 'short' })
  const moment = df({ timeZone: site.timezone, dateStyle: 'medium', timeStyle: 'medium' })
  const time = df({ timeZone: site.timezone, hour: 'numeric', minute: '2-digit', second: '2-digit' })
  const duration = (s: number) => {
    const total = Math.round(s)
    const m = Math.floor(total / 60)
    return m > 0 ? `${minutes.format(m)} ${seconds.format(total % 60)}` : seconds.format(total)
  }
  const f: Formats = {
    locale,
    timezone: site.timezone,
    currency: site.currency,
    int: (n) => int.format(n),
    num: (n) => num.format(n),
    compact: (n) => compact.format(n),
    pct: (n) => pct.format(n / 100),
    money: (n) => money.format(n),
    duration,
    change: (n) => (n === null ? '—' : change.format(n / 100)),
    metric: (m, n) => {
      if (m === 'revenue' || m === 'average_order_value') return f.money(n)
      if (m === 'bounce_rate' || m === 'conversion_rate') return f.pct(n)
      if (m === 'visit_duration') return duration(n)
      if (m === 'views_per_visit') return f.num(n)
      return f.int(n)
    },
    day: (label) => day.format(asUtc(label)),
    bucket: (label, interval) => {
      if (interval === 'hour') return hour.format(asUtc(label))
      if (interval === 'month') return month.format(asUtc(label))
      return dayShort.format(asUtc(label))
    },
    range: (from, to) => (from === to ? day.format(asUtc(from)) : day.formatRange(asUtc(from), asUtc(to))),
    dateTime: (ms) => dateTime.format(new Date(ms)),
    moment: (ms) => moment.format(new Date(ms)),
    time: (ms) => time.format(new Date(ms)),
  }
  return f
}
