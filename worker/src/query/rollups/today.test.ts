import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../../test/fixtures'
import { rollupSite, rollupToday, WATERMARK_LAG_MS } from './build'
import { estimate } from '../hll'
import { periodOf } from '../period'
import { mergeSketches, metricRows, rollupCoverage, type SiteClock, visitorSketches } from '../stats'
import type { MetricRow } from '../stats-sql'
import { insertEvents, insertOrders } from '../../../test/raw-rows'

/**
 * Today read from a partial rollup plus the rows after its watermark. "Today" is 2026-03-29 in
 * Berlin, the spring-forward day: it starts at 2026-03-28T23:00Z, clocks jump at 01:00Z.
 * The cron runs at 12:00Z, so the watermark is 11:55Z. Every expected number is counted by hand:
 *
 *   yesterday  Y  y1  /         10:00Z                                        (rolled up whole)
 *   today      B  b1  /         23:30Z on the 28th (00:30 CET)                bounce, untouched
 *              C  c1  /         11:50Z → /pricing 11:54Z → /pricing 11:58Z    present at the run
 *                     purchase /checkout 12:10Z, order o1 (2 × Mug at 25)    after the run
 *              D  d1  /blog     09:00Z                                        bounce
 *                 d2  /blog     12:20Z (newsletter)                           after the run, bounce
 *              E  e1  /         12:30Z                                        after the run, bounce
 *              –  n1  /         11:40Z → /about 12:15Z (the second after the run; no visitor id)
 *   late       F  f1  /late     11:00Z, received 12:05Z (its clock an hour behind)  bounce
 *              G  g1  /retry    10:00Z, received then but stored after the run      bounce
 *
 * C's visit crosses the watermark (rolled up as 3 pageviews ending on /pricing; really 4 events
 * ending on /checkout, 20 min, converted); so does n1, a session without a visitor id (35 min);
 * D returns after it (one visitor, two visits).
 */
const site: SiteClock = { id: 'q-today', timezone: 'Europe/Berlin' }
const today = periodOf('2026-03-29', '2026-03-29', site.timezone)
const week = periodOf('2026-03-23', '2026-03-29', site.timezone)
const RUN = Date.parse('2026-03-29T12:00:00Z')
const ev = (
  vid: string | null,
  sid: string,
  ts: string,
  path: string,
  extra: Record<string, unknown> = {},
) => ({
  site_id: site.id,
  vid,
  sid,
  ts,
  path,
  ...extra,
})

function sums(rows: MetricRow[], dim: string, col: keyof MetricRow) {
  const out: Record<string, number> = {}
  for (const r of rows.filter((x) => x.dim === dim)) out[r.value] = (out[r.value] ?? 0) + Number(r[col])
  return out
}
const totals = (rows: MetricRow[]) => {
  const pick = ['visitors', 'visits', 'pageviews', 'events', 'bounces', 'duration_ms', 'conversions']
  const t: Record<string, number> = {}
  for (const c of [...pick, 'orders', 'revenue']) t[c] = sums(rows, '', c as keyof MetricRow)[''] ?? 0
  return t
}
const visitors = async (p = today) =>
  estimate(mergeSketches((await visitorSketches(env.DB, site, p, [])).values()))
const rows = (p = today) =>
  metricRows(env.DB, site, p, {
    dims: ['page', 'exit_page', 'source', 'product'],
    bucket: 'day',
    filters: [],
  })
const rolledRows = () =>
  env.DB.prepare(
    "SELECT dim, value, visits, pageviews, visitors FROM rollup_daily WHERE site_id = ? AND day = '2026-03-29' ORDER BY dim, value",
  )
    .bind(site.id)
    .all()
    .then((r) => r.results)

describe("today's partial rollup", () => {
  it('counts rows after the watermark, visits crossing it, returning visitors and late events exactly', async () => {
    await createSite(site)
    await insertEvents(env.DB, [
      ev('Y', 'y1', '2026-03-28T10:00:00Z', '/'),
      ev('B', 'b1', '2026-03-28T23:30:00Z', '/'),
      ev('C', 'c1', '2026-03-29T11:50:00Z', '/'),
      ev('C', 'c1', '2026-03-29T11:54:00Z', '/pricing'),
      ev('C', 'c1', '2026-03-29T11:58:00Z', '/pricing'),
      ev('D', 'd1', '2026-03-29T09:00:00Z', '/blog'),
      ev(null, 'n1', '2026-03-29T11:40:00Z', '/'),
    ])
    await rollupSite(env.DB, site, RUN, 30)
    expect(await rollupToday(env.DB, site, RUN)).toBe(true)
    const watermark = RUN - WATERMARK_LAG_MS
    expect(await rollupCoverage(env.DB, site)).toEqual({
      built: '2026-03-28',
      partial: { day: '2026-03-29', until: watermark, late: null },
    })
    // Rolled up: B, C's first two pageviews (11:58Z is after the watermark), d1, n1's first.
    expect(await rolledRows()).toContainEqual({
      dim: '',
      value: '',
      visits: 4,
      pageviews: 5,
      visitors: 3,
    })

    // After the run.
    const [purchase] = await insertEvents(env.DB, [
      ev('C', 'c1', '2026-03-29T12:10:00Z', '/checkout', { type: 'purchase', order_id: 'o1', value: 50 }),
      ev('D', 'd2', '2026-03-29T12:20:00Z', '/blog', { source: 'newsletter' }),
      ev('E', 'e1', '2026-03-29T12:30:00Z', '/'),
      ev(null, 'n1', '2026-03-29T12:15:00Z', '/about'),
    ])
    await insertOrders(env.DB, [
      {
        site_id: site.id,
        order_id: 'o1',
        event_id: purchase!.id,
        vid: 'C',
        ts: '2026-03-29T12:10:00Z',
        value: 50,
        items: [{ id: 'm', name: 'Mug', price: 25, quantity: 2 }],
      },
    ])
    // Still the partial rollup (nothing arrived behind the watermark).
    expect((await rollupCoverage(env.DB, site)).partial).not.toBeNull()
    const before = await rows()
    expect(totals(before)).toEqual({
      visitors: 4, // B, C, D, E
      visits: 6, // b1, c1, d1, d2, e1, n1
      pageviews: 9, // 1 + 3 + 1 + 1 + 1 + 2
      events: 10, // and C's purchase
      bounces: 4, // all but c1 and n1
      duration_ms: 55 * 60_000, // c1: 11:50Z → 12:10Z, n1: 11:40Z → 12:15Z
      conversions: 1,
      orders: 1,
      revenue: 50,
    })
    expect(sums(before, 'page', 'pageviews')).toEqual({ '/': 4, '/pricing': 2, '/blog': 2, '/about': 1 })
    expect(sums(before, 'page', 'visitors')).toEqual({ '/': 3, '/pricing': 1, '/blog': 1, '/about': 0 })
    // c1 ended on /pricing at the watermark and on /checkout in the end: no /pricing exit row.
    expect(sums(before, 'exit_page', 'visits')).toEqual({ '/': 2, '/checkout': 1, '/blog': 2, '/about': 1 })
    expect(sums(before, 'source', 'visits')).toEqual({ '(none)': 5, newsletter: 1 })
    expect(sums(before, 'source', 'visitors')).toEqual({ '(none)': 4, newsletter: 1 })
    expect(sums(before, 'product', 'revenue')).toEqual({ Mug: 50 })
    expect(sums(before, 'product', 'units')).toEqual({ Mug: 2 })
    expect(await visitors()).toBe(4)
    // Over a week: yesterday's whole day (Y, one bounce) from rollups as well.
    expect(totals(await rows(week))).toMatchObject({ visitors: 5, visits: 7, pageviews: 10, bounces: 5 })
    expect(await visitors(week)).toBe(5)

    // Running the job again at the same time changes nothing.
    const rolled = await rolledRows()
    expect(await rollupToday(env.DB, site, RUN)).toBe(true)
    expect(await rolledRows()).toEqual(rolled)
    expect(await rows()).toEqual(before)

    // A late event, stamped before the watermark and received after it: its visitor joins the delta.
    await insertEvents(env.DB, [
      ev('F', 'f1', '2026-03-29T11:00:00Z', '/late', { received_at: Date.parse('2026-03-29T12:05:00Z') }),
    ])
    expect((await rollupCoverage(env.DB, site)).partial?.late).toEqual({ vids: ['F'], sids: [] })
    const withF = await rows()
    expect(totals(withF)).toEqual({
      visitors: 5,
      visits: 7,
      pageviews: 10,
      events: 11,
      bounces: 5,
      duration_ms: 55 * 60_000,
      conversions: 1,
      orders: 1,
      revenue: 50,
    })
    expect(sums(withF, 'page', 'pageviews')).toEqual({
      '/': 4,
      '/pricing': 2,
      '/blog': 2,
      '/about': 1,
      '/late': 1,
    })
    expect(await visitors()).toBe(5)

    // One received before the watermark but stored after the run (a redelivered queue batch): the
    // rolled-up count no longer holds, so the day is read raw.
    await insertEvents(env.DB, [ev('G', 'g1', '2026-03-29T10:00:00Z', '/retry')])
    expect((await rollupCoverage(env.DB, site)).partial).toBeNull()
    const expectedAll = {
      visitors: 6,
      visits: 8,
      pageviews: 11,
      events: 12,
      bounces: 6,
      duration_ms: 55 * 60_000,
      conversions: 1,
      orders: 1,
      revenue: 50,
    }
    expect(totals(await rows())).toEqual(expectedAll)
    expect(await visitors()).toBe(6)
    expect(await visitors(week)).toBe(7)

    // The next run rolls all of it up (everything stamped and received before 12:10Z).
    const next = RUN + 15 * 60_000
    expect(await rollupToday(env.DB, site, next)).toBe(true)
    expect((await rollupCoverage(env.DB, site)).partial).toEqual({
      day: '2026-03-29',
      until: next - WATERMARK_LAG_MS,
      late: null,
    })
    const late = await rows()
    expect(totals(late)).toEqual(expectedAll)
    expect(sums(late, 'page', 'pageviews')).toEqual({
      '/': 4,
      '/pricing': 2,
      '/blog': 2,
      '/about': 1,
      '/late': 1,
      '/retry': 1,
    })
    expect(await visitors()).toBe(6)

    // The next morning the whole day is rebuilt and the partial state retired with it.
    await rollupSite(env.DB, site, Date.parse('2026-03-30T08:00:00Z'), 30)
    expect(await rollupCoverage(env.DB, site)).toEqual({ built: '2026-03-29', partial: null })
    expect(totals(await rows())).toEqual(expectedAll)
  })
})
