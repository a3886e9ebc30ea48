import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../../test/fixtures'
import { seedBerlin } from '../../../../test/berlin-events'
import { call } from '../../../../test/api'

// Hand-computed from the fixture (see query/fixtures-berlin.ts).
const SITE = 'api-berlin'
const RANGE = 'period=custom&from=2026-03-29&to=2026-03-30'
let key: string

beforeAll(async () => {
  await createSite({ id: SITE, timezone: 'Europe/Berlin', currency: 'EUR' })
  await seedBerlin(env.DB, SITE)
  key = await createKey(SITE, ['read'])
})
const get = (path: string, headers?: Record<string, string>) =>
  call(`/sites/${SITE}${path}`, { key, headers })

describe('stats routes', () => {
  it('aggregate: totals with the previous period, ETag and Cache-Control', async () => {
    const res = await get(`/stats/aggregate?${RANGE}`)
    expect(res.status).toBe(200)
    expect(res.json.period).toEqual({ from: '2026-03-29', to: '2026-03-30', timezone: 'Europe/Berlin' })
    expect(res.json.compare).toMatchObject({ from: '2026-03-27', to: '2026-03-28' })
    const value = Object.fromEntries(
      Object.entries(res.json.results).map(([k, v]) => [k, (v as { value: number }).value]),
    )
    expect(value).toEqual({
      visitors: 3, // A, B, C
      visits: 4,
      pageviews: 6,
      views_per_visit: 1.5,
      bounce_rate: 50, // s2, s3
      visit_duration: 555, // (35 + 2) min / 4 visits
      events: 8,
      conversions: 1,
      conversion_rate: 25,
      orders: 1,
      revenue: 100,
      average_order_value: 100,
    })
    // Previous period (27th–28th local): D's single bounce.
    expect(res.json.results.visits).toEqual({ value: 4, previous: 1, change: 300 })
    expect(res.json.results.orders).toEqual({ value: 1, previous: 0, change: null })
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+"$/)
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600')
    const again = await get(`/stats/aggregate?${RANGE}`, { 'if-none-match': res.headers.get('etag')! })
    expect(again.status).toBe(304)
    const today = await get('/stats/aggregate?period=today')
    expect(today.headers.get('cache-control')).toBe('private, max-age=60')
  })

  it('aggregate with filters', async () => {
    const res = await get(`/stats/aggregate?${RANGE}&filter=source==google&compare=none`)
    expect(res.json.compare).toBeNull()
    expect(res.json.results.visits.value).toBe(1)
    expect(res.json.results.revenue.value).toBe(100)
    const two = await get(`/stats/aggregate?${RANGE}&filter=page~=blog&filter=country!=FR`)
    expect(two.json.results.visits.value).toBe(1) // s4 only: s2 viewed /blog but entered from FR
    const bad = await get(`/stats/aggregate?${RANGE}&filter=colour==red`)
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('invalid_request')
  })

  it('timeseries by day, local hour across the DST switch, week and month', async () => {
    const days = await get('/stats/timeseries?period=custom&from=2026-03-28&to=2026-03-30')
    expect(days.json.data.map((d: { bucket: string; visits: number }) => [d.bucket, d.visits])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 2],
      ['2026-03-30', 2],
    ])
    const hours = await get('/stats/timeseries?period=custom&from=2026-03-29&to=2026-03-29&interval=hour')
    const labels = hours.json.data.map((d: { bucket: string }) => d.bucket)
    expect(labels).toHaveLength(23) // 02:00 does not exist that night
    expect(labels).not.toContain('2026-03-29T02:00')
    const visitsAt = (h: string) => hours.json.data.find((d: { bucket: string }) => d.bucket === h).visits
    expect(visitsAt('2026-03-29T00:00')).toBe(1) // s1 started 00:30 CET
    expect(visitsAt('2026-03-29T23:00')).toBe(1) // s2 started 23:30 CEST
    expect(visitsAt('2026-03-29T12:00')).toBe(0)
    const weeks = await get(`/stats/timeseries?${RANGE}&interval=week`)
    expect(weeks.json.data.map((d: { bucket: string; visitors: number }) => [d.bucket, d.visitors])).toEqual([
      ['2026-03-23', 2], // Sunday 29th: A, B
      ['2026-03-30', 2], // Monday 30th: A, C
    ])
    const months = await get(`/stats/timeseries?${RANGE}&interval=month`)
    expect(months.json.data).toHaveLength(1)
    expect(months.json.data[0]).toMatchObject({ bucket: '2026-03-01', visitors: 3, visits: 4 })
  })

  it('breakdown with cursor pagination, session attribution and products', async () => {
    const first = await get(`/stats/breakdown?${RANGE}&dimension=page&sort=pageviews&limit=2`)
    expect(first.json.data.map((d: { value: string; pageviews: number }) => [d.value, d.pageviews])).toEqual([
      ['/', 2],
      ['/blog', 2],
    ])
    expect(first.json.next_cursor).toEqual(expect.any(String))
    const second = await get(
      `/stats/breakdown?${RANGE}&dimension=page&sort=pageviews&limit=2&cursor=${first.json.next_cursor}`,
    )
    expect(second.json.data.map((d: { value: string }) => d.value)).toEqual(['/pricing'])
    expect(second.json.next_cursor).toBeNull()
    const sources = await get(`/stats/breakdown?${RANGE}&dimension=source&sort=visits`)
    expect(
      sources.json.data.map((d: { value: string; visits: number; revenue: number }) => [
        d.value,
        d.visits,
        d.revenue,
      ]),
    ).toEqual([
      ['(none)', 2, 0],
      ['google', 1, 100],
      ['newsletter', 1, 0],
    ])
    const products = await get(`/stats/breakdown?${RANGE}&dimension=product&sort=revenue`)
    expect(
      products.json.data.map((d: { value: string; revenue: number; units: number }) => [
        d.value,
        d.revenue,
        d.units,
      ]),
    ).toEqual([
      ['Boots', 60, 1],
      ['Socks', 40, 2],
    ])
    expect((await get(`/stats/breakdown?${RANGE}&dimension=nope`)).status).toBe(400)
    expect((await get(`/stats/breakdown?${RANGE}&dimension=page&cursor=%%%`)).status).toBe(400)
  })

  it('funnels within a visit and within N days', async () => {
    const steps = 'step=page==/&step=page==/pricing&step=event==purchase'
    const visit = await get(`/funnels?${RANGE}&${steps}`)
    expect(visit.json.unit).toBe('visits')
    expect(visit.json.steps).toEqual([
      {
        step: 'page==/',
        count: 2,
        conversion_rate: 100,
        step_conversion_rate: 100,
        dropoff: 0,
        dropoff_rate: 0,
      },
      {
        step: 'page==/pricing',
        count: 1,
        conversion_rate: 50,
        step_conversion_rate: 50,
        dropoff: 1,
        dropoff_rate: 50,
      },
      {
        step: 'event==purchase',
        count: 1,
        conversion_rate: 50,
        step_conversion_rate: 100,
        dropoff: 0,
        dropoff_rate: 0,
      },
    ])
    // /pricing then /blog: never inside one visit, but A did it across two days.
    const back = 'step=page==/pricing&step=page==/blog'
    expect(
      (await get(`/funnels?${RANGE}&${back}`)).json.steps.map((s: { count: number }) => s.count),
    ).toEqual([2, 0])
    const days = await get(`/funnels?${RANGE}&${back}&window=7d`)
    expect(days.json.unit).toBe('visitors')
    expect(days.json.steps.map((s: { count: number }) => s.count)).toEqual([1, 1])
    expect((await get(`/funnels?${RANGE}&step=page==/`)).status).toBe(400)
  })

  it('revenue, search insights and association rules', async () => {
    const rev = await get(`/revenue?${RANGE}`)
    expect(rev.json.currency).toBe('EUR')
    expect(rev.json.total).toEqual({ orders: 1, revenue: 100, average_order_value: 100 })
    expect(rev.json.by_day).toEqual([
      { day: '2026-03-29', orders: 1, revenue: 100, average_order_value: 100 },
      { day: '2026-03-30', orders: 0, revenue: 0, average_order_value: 0 },
    ])
    expect(rev.json.by_source).toEqual([
      { source: 'google', orders: 1, revenue: 100, average_order_value: 100 },
    ])
    expect(rev.json.by_product.map((p: { product: string; units: number }) => [p.product, p.units])).toEqual([
      ['Boots', 1],
      ['Socks', 2],
    ])
    const s = await get(`/search?${RANGE}`)
    expect(s.json.top_terms).toEqual([{ term: 'shoes', searches: 1, visitors: 1, zero_results: 1 }])
    expect(s.json.zero_result_terms).toHaveLength(1)
    expect(s.json.conversion).toEqual({ searching_visits: 1, converted_visits: 0, rate: 0, site_rate: 25 })
    const a = await get(`/associations?${RANGE}&min_support=0&min_confidence=0`)
    expect(a.json.orders).toBe(1)
    expect(a.json.rules).toEqual([
      { antecedent: 'Boots', consequent: 'Socks', orders: 1, support: 1, confidence: 1, lift: 1 },
      { antecedent: 'Socks', consequent: 'Boots', orders: 1, support: 1, confidence: 1, lift: 1 },
    ])
  })
})
