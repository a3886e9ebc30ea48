/**
 * A small hand-made site around the 2026-03-29 spring-forward day in Berlin, shared by the
 * query, rollup and API tests. Every expected number in those tests is worked out by hand from
 * this list (see the comments), never by the code under test.
 *
 *   local day 2026-03-28: D  s0  / (23:30 CET)                                     → 1 visit
 *   local day 2026-03-29: A  s1  / (00:30 CET, google) → /pricing → purchase o1 100 → 35 min
 *                         B  s2  /blog (23:30 CEST)                                 → bounce
 *   local day 2026-03-30: C  s3  / (00:30 CEST)                                     → bounce
 *                         A  s4  /blog (newsletter) → search "shoes" (0 results) → /pricing, 2 min
 */
import { insertEvents, insertOrders, type TestEvent } from './raw-rows'

export async function seedBerlin(d1: D1Database, site: string) {
  const e = (x: { ts: string; [column: string]: unknown }): TestEvent => ({
    site_id: site,
    country: 'DE',
    device: 'desktop',
    ...x,
  })
  const events = await insertEvents(d1, [
    e({ vid: 'D', sid: 's0', ts: '2026-03-28T22:30:00Z', path: '/' }),
    e({ vid: 'A', sid: 's1', ts: '2026-03-28T23:30:00Z', path: '/', source: 'google', medium: 'search' }),
    e({ vid: 'A', sid: 's1', ts: '2026-03-29T00:00:00Z', path: '/pricing', source: 'internal' }),
    e({
      vid: 'A',
      sid: 's1',
      ts: '2026-03-29T00:05:00Z',
      path: '/pricing',
      type: 'purchase',
      order_id: 'o1',
      value: 100,
    }),
    e({ vid: 'B', sid: 's2', ts: '2026-03-29T21:30:00Z', path: '/blog', country: 'FR' }),
    e({ vid: 'C', sid: 's3', ts: '2026-03-29T22:30:00Z', path: '/', device: 'mobile' }),
    e({
      vid: 'A',
      sid: 's4',
      ts: '2026-03-30T08:00:00Z',
      path: '/blog',
      source: 'newsletter',
      medium: 'email',
    }),
    e({
      vid: 'A',
      sid: 's4',
      ts: '2026-03-30T08:01:00Z',
      path: '/search',
      type: 'search',
      query: 'shoes',
      results: 0,
    }),
    e({ vid: 'A', sid: 's4', ts: '2026-03-30T08:02:00Z', path: '/pricing' }),
  ])
  await insertOrders(d1, [
    {
      site_id: site,
      order_id: 'o1',
      event_id: events[3]!.id,
      vid: 'A',
      ts: '2026-03-29T00:05:00Z',
      value: 100,
      source: 'google',
      items: [
        { id: 'p1', name: 'Boots', category: 'shoes', price: 60, quantity: 1 },
        { id: 'p2', name: 'Socks', category: 'clothing', price: 20, quantity: 2 },
      ],
    },
  ])
  return events
}
