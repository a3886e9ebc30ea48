/**
 * What never became a counted event, and how visitors answered the consent question, for one
 * period: bot requests filtered at /collect (bot_counts, per reason) and the share of consent
 * records that carried Global Privacy Control.
 */
import { localDay, type Period } from './period'

export interface DataQuality {
  bots: { total: number; by_reason: { reason: string; count: number }[] }
  consent: { records: number; gpc: number; gpc_share: number }
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : 0)

export async function dataQuality(d1: D1Database, siteId: string, period: Period): Promise<DataQuality> {
  // bot_counts keeps UTC days (it is written before the site's timezone is known to matter):
  // the UTC days the period's local days touch.
  const firstDay = localDay(period.start, 'UTC')
  const lastDay = localDay(period.end - 1, 'UTC')
  const [bots, consent] = await d1.batch([
    d1
      .prepare(
        `SELECT reason, sum(count) AS count FROM bot_counts WHERE site_id = ? AND day >= ? AND day <= ?
         GROUP BY reason ORDER BY count DESC, reason`,
      )
      .bind(siteId, firstDay, lastDay),
    // consent_log_site_ts (site_id, ts) serves the range.
    d1
      .prepare(
        'SELECT count(*) AS records, coalesce(sum(gpc), 0) AS gpc FROM consent_log WHERE site_id = ? AND ts >= ? AND ts < ?',
      )
      .bind(siteId, period.start, period.end),
  ])
  const byReason = bots!.results as { reason: string; count: number }[]
  const c = (consent!.results as { records: number; gpc: number }[])[0] ?? { records: 0, gpc: 0 }
  return {
    bots: { total: byReason.reduce((a, r) => a + r.count, 0), by_reason: byReason },
    consent: { records: c.records, gpc: c.gpc, gpc_share: pct(c.gpc, c.records) },
  }
}
