import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { insertEvents, insertOrders } from '../../test/raw-rows'
import { rollupSite } from './rollups/build'
import { parseFilter } from './dimensions'
import { seedBerlin } from '../../test/berlin-events'
import { estimate } from './hll'
import { periodOf } from './period'
import { mergeSketches, metricRows, type SiteClock, visitorSketches } from './stats'
import type { MetricRow } from './stats-sql'

const site: SiteClock = { id: 'q-berlin', timezone: 'Europe/Berlin' }
const twoDays = periodOf('2026-03-29', '2026-03-30', site.timezone)

function totals(rows: MetricRow[]) {
  const t = {
    visits: 0,
    pageviews: 0,
    events: 0,
    bounces: 0,
    duration_ms: 0,
    conversions: 0,
    orders: 0,
    revenue: 0,
  }
  for (const r of rows.filter((x) => x.dim === ''))
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += Number(r[k])
  return t
}
const byValue = (rows: MetricRow[], dim: string, col: keyof MetricRow) =>
  Object.fromEntries(rows.filter((r) => r.dim === dim).map((r) => [r.value, r[col]]))
const filters = (...f: string[]) => f.map((x) => parseFilter(x)!)

async function checkAll() {
  // Days, not UTC dates: s0 (22:30Z on the 28th) is still the 28th in Berlin; s1 (23:30Z) is the 29th.
  const day29 = await metricRows(env.DB, site, periodOf('2026-03-29', '2026-03-29', site.timezone), {
    dims: [],
    bucket: 'day',
    filters: [],
  })
  expect(totals(day29)).toEqual({
    visits: 2, // s1, s2
    pageviews: 3,
    events: 4,
    bounces: 1, // s2
    duration_ms: 35 * 60_000, // s1: 23:30Z → 00:05Z
    conversions: 1,
    orders: 1,
    revenue: 100,
  })
  const rows = await metricRows(env.DB, site, twoDays, {
    dims: ['page', 'source', 'product', 'search'],
    bucket: 'day',
    filters: [],
  })
  expect(totals(rows)).toMatchObject({
    visits: 4,
    pageviews: 6,
    events: 8,
    bounces: 2,
    duration_ms: 37 * 60_000,
  })
  const sum = (dim: string, col: keyof MetricRow) => {
    const out: Record<string, number> = {}
    for (const r of rows.filter((x) => x.dim === dim)) out[r.value] = (out[r.value] ?? 0) + Number(r[col])
    return out
  }
  expect(sum('page', 'pageviews')).toEqual({ '/': 2, '/pricing': 2, '/blog': 2 })
  // Visitors in breakdowns add up daily uniques: A viewed /pricing on both days.
  expect(sum('page', 'visitors')).toEqual({ '/': 2, '/pricing': 2, '/blog': 2 })
  expect(sum('source', 'visits')).toEqual({ google: 1, '(none)': 2, newsletter: 1 })
  expect(sum('source', 'revenue')).toEqual({ google: 100, '(none)': 0, newsletter: 0 })
  expect(sum('product', 'revenue')).toEqual({ Boots: 60, Socks: 40 })
  expect(sum('product', 'units')).toEqual({ Boots: 1, Socks: 2 })
  expect(sum('search', 'zero_results')).toEqual({ shoes: 1 })

  const sketches = await visitorSketches(env.DB, site, twoDays, [])
  expect(estimate(mergeSketches(sketches.values()))).toBe(3) // A, B, C
}

describe('metric rows', () => {
  it('counts visits, bounces, durations and orders per local day across the DST switch, raw and rolled up', async () => {
    await createSite({ id: site.id, timezone: site.timezone })
    await seedBerlin(env.DB, site.id)
    await checkAll()
    // Roll up everything before 2026-04-01 and ask again: same answers from rollup_daily.
    const built = await rollupSite(env.DB, site, Date.parse('2026-04-01T10:00:00Z'), 30)
    expect(built).toBe(4) // 28th, 29th, 30th, 31st
    const state = await env.DB.prepare('SELECT built_through FROM rollup_state WHERE site_id = ?')
      .bind(site.id)
      .first()
    expect(state).toEqual({ built_through: '2026-03-31' })
    const rolled = await env.DB.prepare(
      "SELECT count(*) AS n FROM rollup_daily WHERE site_id = ? AND dim = ''",
    )
      .bind(site.id)
      .first<{ n: number }>()
    expect(rolled?.n).toBe(4)
    await checkAll()
  })

  it('filters visits by entry source, by pages viewed (is, is not, contains)', async () => {
    const visits = async (...f: string[]) =>
      totals(await metricRows(env.DB, site, twoDays, { dims: [], bucket: 'day', filters: filters(...f) }))
    expect(await visits('source==google')).toMatchObject({ visits: 1, pageviews: 2, orders: 1, revenue: 100 })
    expect(await visits('page==/blog')).toMatchObject({ visits: 2, pageviews: 3, orders: 0 })
    expect(await visits('page!=/blog')).toMatchObject({ visits: 2, pageviews: 3 })
    expect(await visits('page~=PRIC')).toMatchObject({ visits: 2, pageviews: 4 })
    expect(await visits('country==FR', 'device==desktop')).toMatchObject({ visits: 1, pageviews: 1 })
    expect(await visits('exit_page==/pricing')).toMatchObject({ visits: 2 })
  })

  it('buckets hours in local time', async () => {
    const rows = await metricRows(env.DB, site, periodOf('2026-03-29', '2026-03-29', site.timezone), {
      dims: [],
      bucket: 'hour',
      filters: [],
    })
    expect(
      byValue(
        rows.filter((r) => r.bucket === '2026-03-29T00:00'),
        '',
        'visits',
      ),
    ).toEqual({ '': 1 })
    expect(
      byValue(
        rows.filter((r) => r.bucket === '2026-03-29T23:00'),
        '',
        'visits',
      ),
    ).toEqual({ '': 1 })
  })
})

describe('refunds', () => {
  it('lower revenue on the day of the refund, under the source of the order, raw and rolled up', async () => {
    const shop: SiteClock = { id: 'q-refunds', timezone: 'UTC' }
    await createSite({ id: shop.id, timezone: shop.timezone })
    const ev = { site_id: shop.id, vid: 'R', path: '/thanks' }
    const events = await insertEvents(env.DB, [
      { ...ev, sid: 'r1', ts: '2026-05-01T10:00:00Z', type: 'purchase', order_id: 'o1', value: 100 },
      { ...ev, sid: 'r1', ts: '2026-05-01T10:05:00Z', type: 'purchase', order_id: 'o2', value: 50 },
      // Two boots of o1 at 15 each go back; o2 goes back whole (no value: the order's).
      { ...ev, sid: 'r2', ts: '2026-05-02T09:00:00Z', type: 'refund', order_id: 'o1', value: 30 },
      { ...ev, sid: 'r2', ts: '2026-05-02T09:01:00Z', type: 'refund', order_id: 'o2', value: null },
    ])
    await insertOrders(env.DB, [
      {
        site_id: shop.id,
        order_id: 'o1',
        event_id: events[0]!.id,
        vid: 'R',
        ts: '2026-05-01T10:00:00Z',
        value: 100,
        source: 'google',
      },
      {
        site_id: shop.id,
        order_id: 'o2',
        event_id: events[1]!.id,
        vid: 'R',
        ts: '2026-05-01T10:05:00Z',
        value: 50,
        source: 'google',
      },
    ])
    const period = periodOf('2026-05-01', '2026-05-02', shop.timezone)
    const check = async () => {
      const rows = await metricRows(env.DB, shop, period, { dims: ['source'], bucket: 'day', filters: [] })
      const revenue = (day: string, dim: string) =>
        rows.filter((r) => r.bucket === day && r.dim === dim).reduce((s, r) => s + Number(r.revenue), 0)
      expect(revenue('2026-05-01', '')).toBe(150)
      expect(revenue('2026-05-02', '')).toBe(-80)
      expect(revenue('2026-05-02', 'source')).toBe(-80)
      expect(rows.filter((r) => r.dim === 'source' && Number(r.revenue) !== 0).map((r) => r.value)).toEqual([
        'google',
        'google',
      ])
    }
    await check()
    expect(await rollupSite(env.DB, shop, Date.parse('2026-05-03T10:00:00Z'), 30)).toBe(2)
    await check()
  })
})
