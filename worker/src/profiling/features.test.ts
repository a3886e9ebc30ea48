import { describe, expect, it } from 'vitest'
import { categoryFromPath, channelOf, type EventInput, extractFeatures, type OrderInput } from './features'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const now = Date.UTC(2026, 10, 28, 12) // 2026-11-28 12:00 UTC = 13:00 in Berlin

const blank: EventInput = {
  type: 'pageview',
  ts: 0,
  sid: null,
  path: '/',
  referrer: null,
  source: null,
  medium: null,
  utm_source: null,
  utm_medium: null,
  utm_campaign: null,
  device: null,
  query: null,
  order_id: null,
  value: null,
  props: null,
}
const ev = (e: Partial<EventInput>): EventInput => ({ ...blank, ...e })
const items = (...list: object[]) => JSON.stringify({ items: list })

// Three sessions of one visitor (worked through by hand below).
const s1 = now - 10 * DAY // 2026-11-18 13:00 Berlin: afternoon
const s2 = now - 3 * DAY // 2026-11-25 13:00 Berlin: afternoon
const s3 = now - 40 * HOUR // 2026-11-26 21:00 Berlin: evening
const events: EventInput[] = [
  // listed out of order on purpose: extraction must not depend on it
  ev({
    ts: s3,
    sid: 's3',
    path: '/category/gifts',
    referrer: 'https://www.facebook.com/',
    source: 'facebook',
    medium: 'social',
    device: 'mobile',
  }),
  ev({
    ts: s1,
    sid: 's1',
    path: '/category/running-shoes',
    utm_source: 'newsletter',
    utm_medium: 'email',
    device: 'mobile',
  }),
  ev({
    type: 'view_item',
    ts: s1 + MIN,
    sid: 's1',
    path: '/p/1',
    device: 'mobile',
    props: items({ id: 'sku1', name: 'Trail Runner', category: 'Shoes', price: 120 }),
  }),
  ev({
    type: 'engagement',
    ts: s1 + 2 * MIN,
    sid: 's1',
    device: 'mobile',
    props: '{"visible_ms":90000,"scroll_pct":80}',
  }),
  ev({
    type: 'search',
    ts: s2,
    sid: 's2',
    path: '/search',
    query: 'Sale Jackets',
    source: 'google',
    medium: 'organic',
    device: 'desktop',
  }),
  ev({ ts: s2 + MIN, sid: 's2', path: '/sale/jackets', device: 'desktop' }),
  ev({
    type: 'add_to_cart',
    ts: s2 + 2 * MIN,
    sid: 's2',
    device: 'desktop',
    props: items({ id: 'sku2', name: 'Rain Jacket', category: 'Jackets', price: 80 }),
  }),
  ev({
    type: 'engagement',
    ts: s2 + 3 * MIN,
    sid: 's2',
    device: 'desktop',
    props: '{"visible_ms":30000,"scroll_pct":40}',
  }),
  ev({ type: 'begin_checkout', ts: s2 + 4 * MIN, sid: 's2', device: 'desktop' }),
  ev({
    type: 'purchase',
    ts: s2 + 5 * MIN,
    sid: 's2',
    device: 'desktop',
    order_id: 'o1',
    value: 80,
    props: items({ id: 'sku2', name: 'Rain Jacket', category: 'Jackets', price: 80 }),
  }),
]
const orders: OrderInput[] = [
  {
    order_id: 'o1',
    ts: s2 + 5 * MIN,
    value: 80,
    items: JSON.stringify([{ id: 'sku2', name: 'Rain Jacket', category: 'Jackets' }]),
  },
  // an older order whose events are gone (retention): it still counts
  {
    order_id: 'o0',
    ts: now - 40 * DAY,
    value: 45.5,
    items: JSON.stringify([{ id: 'sku3', name: 'Wool Socks', category: 'Accessories' }]),
  },
]

describe('extractFeatures', () => {
  it('computes the hand-worked features of a fixed visitor', () => {
    const f = extractFeatures(events, orders, {
      now,
      timezone: 'Europe/Berlin',
      categoryPatterns: {},
      offline: [
        { kind: 'purchase', ts: now - 20 * DAY, value: 30, category: 'Shoes', product: 'Insoles' },
        { kind: 'survey', ts: now - 5 * DAY, question: 'What do you run?', answer: 'Trails' },
      ],
    })
    expect(f).toEqual({
      recencyDays: 1, // last event 40 h ago
      firstSeenDays: 40, // order o0
      sessions: 3,
      pageviews: 3,
      engagedMinutes: 2, // (90 000 + 30 000) ms
      avgScrollPct: 60, // (80 + 40) / 2
      orders: 3, // o0, o1 (the purchase event repeats o1), one offline purchase
      offlineOrders: 1,
      revenue: 155.5, // 45.5 + 80 + 30
      avgOrderValue: 51.83, // 155.5 / 3
      daysSinceLastOrder: 2, // o1: 3 days minus 5 minutes ago
      productViews: 1,
      cartAdds: 1,
      checkouts: 1,
      searches: 1,
      discountShare: 0.5, // "/sale/jackets" and "sale jackets" out of 3 pageviews + 1 search
      giftSignals: 1, // "/category/gifts"
      avgViewedPrice: 120,
      categories: {
        viewed: { gifts: 1, 'running shoes': 1, shoes: 1 },
        added: { jackets: 1 },
        bought: { accessories: 1, jackets: 1, shoes: 1 },
      },
      products: {
        viewed: { 'trail runner': 1 },
        added: { 'rain jacket': 1 },
        bought: { insoles: 1, 'rain jacket': 1, 'wool socks': 1 },
      },
      searchTerms: ['sale jackets'],
      channels: { email: 1, search: 1, social: 1 },
      device: 'desktop', // 6 desktop events against 4 mobile
      timeOfDay: 'afternoon', // pageviews at 13:00, 13:01 and 21:00 Berlin time
      surveys: [{ question: 'What do you run?', answer: 'Trails' }],
    })
  })

  it('counts imported purchases in orders as offline and a visitor with nothing as empty', () => {
    const f = extractFeatures(
      [],
      [{ order_id: 'x1', ts: now - 2 * DAY, value: 10, items: '[]', source: 'offline:store-berlin' }],
      { now, timezone: 'UTC', categoryPatterns: {} },
    )
    expect([f.orders, f.offlineOrders, f.revenue, f.recencyDays, f.sessions]).toEqual([1, 1, 10, 2, 0])
    const empty = extractFeatures([], [], { now, timezone: 'UTC', categoryPatterns: {} })
    expect([empty.orders, empty.pageviews, empty.discountShare, empty.device, empty.timeOfDay]).toEqual([
      0,
      0,
      0,
      null,
      null,
    ])
  })

  it('reads categories from site URL patterns before the defaults', () => {
    const patterns = { '/shop/:dept/:name': ':dept > :name', '/brand/*': 'brands' }
    expect(categoryFromPath('/shop/women/summer-dresses?page=2', patterns)).toBe('women > summer dresses')
    expect(categoryFromPath('/brand/acme/x', patterns)).toBe('brands')
    expect(categoryFromPath('/shop/women', patterns)).toBeNull()
    const f = extractFeatures([ev({ ts: now, path: '/shop/men/coats' })], [], {
      now,
      timezone: 'UTC',
      categoryPatterns: patterns,
    })
    expect(f.categories.viewed).toEqual({ 'men > coats': 1 })
  })

  it('classifies channels from utm tags, source/medium and referrer', () => {
    const c = (e: Partial<EventInput>) => channelOf(ev(e))
    expect(c({ utm_medium: 'cpc', utm_source: 'google' })).toBe('paid')
    expect(c({ source: 'bing', medium: 'organic' })).toBe('search')
    expect(c({ source: 'instagram' })).toBe('social')
    expect(c({ utm_medium: 'affiliate' })).toBe('affiliate')
    expect(c({ referrer: 'https://blog.example/' })).toBe('referral')
    expect(c({})).toBe('direct')
  })
})
