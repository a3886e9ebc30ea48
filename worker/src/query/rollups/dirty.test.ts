import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { eraseVisitor } from '../../consent/erase'
import { collectRequest, envelope, pageview } from '../../../test/envelopes'
import { insertEvents, insertOrders, rollupRow } from '../../../test/raw-rows'
import { callApi } from '../../../test/sources-api'
import { rollupSite } from './build'

// Writers that change days the cron rolled up long ago (an import of old store sales, an erasure)
// mark those days in rollup_dirty in the same batch; the next cron run rebuilds exactly them.

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

const totalsOf = (site: string, day: string) =>
  rollupRow(env.DB, site, day, 'visitors, visits, pageviews, orders, revenue, zero_results')
const rowOf = (site: string, dim: string, day: string, value: string) =>
  rollupRow(env.DB, site, day, 'visitors, pageviews, orders, revenue', { dim, value })
const dirtyDays = (site: string) =>
  env.DB.prepare('SELECT day FROM rollup_dirty WHERE site_id = ? ORDER BY day')
    .bind(site)
    .all<{ day: string }>()
    .then((r) => r.results.map((d) => d.day))
/** A value no rebuild writes: a day that still has it after a run was not rebuilt. */
const markUntouched = (site: string, day: string) =>
  env.DB.prepare("UPDATE rollup_daily SET zero_results = 99 WHERE site_id = ? AND dim = '' AND day = ?")
    .bind(site, day)
    .run()

describe('an import of old store sales reaches the rolled-up figures', { timeout: 30_000 }, () => {
  it('marks the sale’s local day; the next run rebuilds that day alone; a re-import changes nothing', async () => {
    // New York: EST (UTC−5) until 8 March 2026, then EDT. Local 8 Feb = [08T05:00Z, 09T05:00Z).
    const site = { id: 'dirty-import', timezone: 'America/New_York' }
    await createSite(site)
    const write = await createKey(site.id, ['write'])
    const admin = await createKey(site.id, ['admin'])
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'a', sid: 'a1', ts: '2026-02-08T15:00:00Z', path: '/' },
      { site_id: site.id, vid: 'a', sid: 'a1', ts: '2026-02-08T15:05:00Z', path: '/checkout' },
      { site_id: site.id, vid: 'b', sid: 'b1', ts: '2026-02-09T04:00:00Z', path: '/' }, // 23:00 on 8 Feb
      { site_id: site.id, vid: 'c', sid: 'c1', ts: '2026-02-09T06:00:00Z', path: '/' }, // 01:00 on 9 Feb
    ])
    await insertOrders(env.DB, [
      { site_id: site.id, order_id: 'web-1', vid: 'a', ts: '2026-02-08T15:05:00Z', value: 20 },
    ])
    // 10:00 EDT on 20 March; the nightly build covers 8 Feb – 19 March: 21 + 19 = 40 days.
    const now = Date.parse('2026-03-20T14:00:00Z')
    expect(await rollupSite(env.DB, site, now, 60)).toBe(40)
    expect(await totalsOf(site.id, '2026-02-08')).toEqual({
      visitors: 2,
      visits: 2,
      pageviews: 3,
      orders: 1,
      revenue: 20,
      zero_results: 0,
    })
    await markUntouched(site.id, '2026-02-09')

    // A till sale at 22:30 EST on 8 Feb, 40 days before the run: 03:30Z on 9 Feb, so a UTC day
    // would put it on the 9th.
    const csv =
      'order_id,purchased_at,total,currency,customer_id,email,product\r\n' +
      'S-1,2026-02-09T03:30:00Z,49.50,EUR,C-1,ana@example.com,Boots\r\n'
    const query = 'preset=store_purchases&basis=contract&channel=store-ny'
    const imported = await callApi(`/sites/${site.id}/imports?${query}`, {
      key: write,
      method: 'POST',
      body: csv,
      contentType: 'text/csv',
    })
    expect(imported.json).toMatchObject({ status: 'committed', rows: { imported: 1 } })
    expect(await dirtyDays(site.id)).toEqual(['2026-02-08'])

    // The next cron run rebuilds 8 Feb alone: 20 + 49.50 in two orders; visitors as before (the
    // sale has no web visit). 9 Feb keeps its marker; the mark is cleared.
    const next = now + 15 * MIN
    expect(await rollupSite(env.DB, site, next, 14)).toBe(1)
    expect(await totalsOf(site.id, '2026-02-08')).toEqual({
      visitors: 2,
      visits: 2,
      pageviews: 3,
      orders: 2,
      revenue: 69.5,
      zero_results: 0,
    })
    expect(await rowOf(site.id, 'source', '2026-02-08', 'offline:store-ny')).toMatchObject({
      orders: 1,
      revenue: 49.5,
    })
    expect(await totalsOf(site.id, '2026-02-09')).toMatchObject({ orders: 0, revenue: 0, zero_results: 99 })
    expect(await dirtyDays(site.id)).toEqual([])

    // The same file again: every row is a duplicate, no order is written, nothing is marked, the
    // next run rebuilds nothing and the figures stay.
    const again = await callApi(`/sites/${site.id}/imports?${query}`, {
      key: write,
      method: 'POST',
      body: csv,
      contentType: 'text/csv',
    })
    expect(again.json).toMatchObject({ status: 'committed', rows: { imported: 0, duplicates: 1 } })
    expect(await dirtyDays(site.id)).toEqual([])
    expect(await rollupSite(env.DB, site, next + 15 * MIN, 14)).toBe(0)
    expect(await totalsOf(site.id, '2026-02-08')).toMatchObject({ orders: 2, revenue: 69.5 })

    // Deleting the sale's person (the person-deletion path) takes the sale out again.
    const person = await env.DB.prepare('SELECT DISTINCT person_id FROM identity_links WHERE site_id = ?')
      .bind(site.id)
      .first<{ person_id: string }>()
    const deleted = await callApi(`/sites/${site.id}/erasures`, {
      key: admin,
      method: 'POST',
      body: JSON.stringify({ person_id: person!.person_id, reason: 'Request 9 by e-mail' }),
      contentType: 'application/json',
    })
    expect(deleted.json).toMatchObject({ counts: { orders: 1 } })
    expect(await dirtyDays(site.id)).toEqual(['2026-02-08'])
    expect(await rollupSite(env.DB, site, next + 30 * MIN, 14)).toBe(1)
    expect(await totalsOf(site.id, '2026-02-08')).toMatchObject({ orders: 1, revenue: 20, pageviews: 3 })
    expect(await totalsOf(site.id, '2026-02-09')).toMatchObject({ zero_results: 99 })
  })
})

describe('an erasure reaches the rolled-up figures', () => {
  it('takes a visitor’s 30-day-old visit out of that day at the next run', async () => {
    // Berlin, UTC+1 in February: local 18 Feb = [17T23:00Z, 18T23:00Z).
    const site = { id: 'dirty-erase', timezone: 'Europe/Berlin' }
    await createSite(site)
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'x', sid: 'x1', ts: '2026-02-17T23:30:00Z', path: '/' }, // 00:30 on 18 Feb
      { site_id: site.id, vid: 'x', sid: 'x1', ts: '2026-02-17T23:40:00Z', path: '/shoes' },
      { site_id: site.id, vid: 'y', sid: 'y1', ts: '2026-02-18T10:00:00Z', path: '/' },
      { site_id: site.id, vid: 'y', sid: 'y2', ts: '2026-02-19T10:00:00Z', path: '/' },
    ])
    const now = Date.parse('2026-03-20T09:00:00Z') // 10:00 on 20 March: 18 Feb is 30 days back
    expect(await rollupSite(env.DB, site, now, 60)).toBe(30) // 18 Feb – 19 March: 11 + 19
    expect(await totalsOf(site.id, '2026-02-18')).toMatchObject({ visitors: 2, visits: 2, pageviews: 3 })
    expect(await rowOf(site.id, 'page', '2026-02-18', '/shoes')).toMatchObject({ pageviews: 1 })
    await markUntouched(site.id, '2026-02-19')

    const erased = await eraseVisitor(env.DB, site.id, 'x', 'self-service', { now })
    expect(erased.counts).toMatchObject({ events: 2 })
    expect(await dirtyDays(site.id)).toEqual(['2026-02-18'])

    expect(await rollupSite(env.DB, site, now + 15 * MIN, 14)).toBe(1)
    // y's one-pageview visit is all that is left of 18 Feb.
    expect(await totalsOf(site.id, '2026-02-18')).toMatchObject({ visitors: 1, visits: 1, pageviews: 1 })
    expect(await rowOf(site.id, 'page', '2026-02-18', '/shoes')).toBeNull()
    expect(await rowOf(site.id, 'page', '2026-02-18', '/')).toMatchObject({ visitors: 1, pageviews: 1 })
    expect(await totalsOf(site.id, '2026-02-19')).toMatchObject({ pageviews: 1, zero_results: 99 })
    expect(await dirtyDays(site.id)).toEqual([])
  })

  it('an erasure that deletes no event or order marks nothing', async () => {
    const site = await createSite({ id: 'dirty-erase-nothing' })
    await insertEvents(env.DB, [{ site_id: site, vid: 'm', sid: 'm1', ts: '2026-02-18T10:00:00Z' }])
    // Marketing only: rollups hold no profile.
    await eraseVisitor(env.DB, site, 'm', 'marketing-withdrawn', { scope: 'marketing' })
    expect(await dirtyDays(site)).toEqual([])
    // Refused by its guard (bound after the mark's own parameters): nothing deleted, nothing marked.
    const refused = await eraseVisitor(env.DB, site, 'm', 'withdraw', {
      onlyIf: { sql: '? = 1', params: [0] },
    })
    expect(refused.counts).toMatchObject({ events: 0 })
    expect(await dirtyDays(site)).toEqual([])
    await eraseVisitor(env.DB, site, 'm', 'withdraw', { onlyIf: { sql: '? = 1', params: [1] } })
    expect(await dirtyDays(site)).toEqual(['2026-02-18'])
  })

  it('leaves a day retention has begun to purge as it was rolled up, and drops its mark', async () => {
    // Retention 25 days: at 10:00 UTC on 20 March events before 23 Feb 10:00 are deleted, so
    // 24 Feb is the oldest whole day. 18 Feb's rollup counted an event since purged.
    const site = { id: 'dirty-retention', timezone: 'UTC' }
    await createSite({ ...site, retentionDays: 25 })
    await insertEvents(env.DB, [{ site_id: site.id, vid: 'z', sid: 'z1', ts: '2026-02-18T10:00:00Z' }])
    await insertOrders(env.DB, [
      { site_id: site.id, order_id: 'z-1', vid: 'z', ts: '2026-02-18T10:00:00Z', value: 5 },
      { site_id: site.id, order_id: 'w-1', vid: 'w', ts: '2026-02-18T11:00:00Z', value: 7 },
    ])
    const built = Date.parse('2026-02-20T10:00:00Z')
    await rollupSite(env.DB, site, built, 60)
    expect(await totalsOf(site.id, '2026-02-18')).toMatchObject({ pageviews: 1, orders: 2, revenue: 12 })
    await env.DB.prepare('DELETE FROM events WHERE site_id = ?').bind(site.id).run() // retention's purge

    const now = Date.parse('2026-03-20T10:00:00Z')
    await eraseVisitor(env.DB, site.id, 'w', 'admin', { now })
    expect(await dirtyDays(site.id)).toEqual(['2026-02-18'])
    await rollupSite(env.DB, site, now, 60)
    // Rebuilt from raw rows it would lose the purged pageview; it keeps what it counted instead.
    expect(await totalsOf(site.id, '2026-02-18')).toMatchObject({ pageviews: 1, orders: 2, revenue: 12 })
    expect(await dirtyDays(site.id)).toEqual([])
  })
})

describe('a backfill sent with its own timestamps reaches the rolled-up figures', { timeout: 30_000 }, () => {
  it('a Segment order of 40 days ago marks its local day; the next run rebuilds that day alone', async () => {
    // Tokyo is UTC+9 all year (no DST). The queue consumer stores with the real clock, so the days
    // are counted back from today; each cron run is at noon in Tokyo today.
    const site = { id: 'dirty-segment', timezone: 'Asia/Tokyo' }
    await createSite(site)
    const write = await createKey(site.id, ['write'])
    const tokyoDay = (ms: number) => new Date(ms + 9 * HOUR).toISOString().slice(0, 10)
    const today = tokyoDay(Date.now())
    const noon = Date.parse(`${today}T12:00:00+09:00`)
    const day = tokyoDay(noon - 40 * DAY)
    const start = Date.parse(`${day}T00:00:00+09:00`)
    const before = tokyoDay(start - DAY)
    const after = tokyoDay(start + DAY)
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'a', sid: 'a1', ts: start + 10 * HOUR, path: '/' },
      { site_id: site.id, vid: 'a', sid: 'a1', ts: start + 10 * HOUR + 5 * MIN, path: '/checkout' },
      { site_id: site.id, vid: 'b', sid: 'b1', ts: start - 5 * HOUR, path: '/' }, // 19:00 the day before
      { site_id: site.id, vid: 'c', sid: 'c1', ts: start + 34 * HOUR, path: '/' }, // 10:00 the day after
    ])
    await insertOrders(env.DB, [
      { site_id: site.id, order_id: 'web-1', vid: 'a', ts: start + 10 * HOUR + 5 * MIN, value: 20 },
    ])
    // From the day before (today − 41) to yesterday: 41 days.
    expect(await rollupSite(env.DB, site, noon, 60)).toBe(41)
    expect(await totalsOf(site.id, day)).toEqual({
      visitors: 1,
      visits: 1,
      pageviews: 2,
      orders: 1,
      revenue: 20,
      zero_results: 0,
    })
    await markUntouched(site.id, before)
    await markUntouched(site.id, after)

    // The server sends the order with its own timestamp: 05:00 in Tokyo on that day, 20:00 UTC
    // the day before (a UTC day would put it there).
    const anon = 'seg-anon-0000-4000-8000-000000000040'
    const res = await SELF.fetch('https://heed.example/v1/track', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${write}:`)}` },
      body: JSON.stringify({
        type: 'track',
        messageId: 'backfill-order-1',
        anonymousId: anon,
        event: 'Order Completed',
        timestamp: new Date(start + 5 * HOUR).toISOString(),
        properties: { order_id: 'SEG-OLD-1', total: 49.5, currency: 'EUR' },
      }),
    })
    expect(await res.json()).toMatchObject({ success: true, accepted: 1 })
    await vi.waitFor(async () => expect(await dirtyDays(site.id)).toEqual([day]), {
      timeout: 10_000,
      interval: 100,
    })
    expect(
      await env.DB.prepare('SELECT ts, value FROM orders WHERE site_id = ? AND order_id = ?')
        .bind(site.id, 'SEG-OLD-1')
        .first(),
    ).toEqual({ ts: start + 5 * HOUR, value: 49.5 })

    // The next run rebuilds that day alone: the order's visitor and visit (a purchase, no
    // pageview) join a's, and 20 + 49.50 in two orders. The neighbours keep their marker.
    expect(await rollupSite(env.DB, site, noon + 15 * MIN, 14)).toBe(1)
    expect(await totalsOf(site.id, day)).toEqual({
      visitors: 2,
      visits: 2,
      pageviews: 2,
      orders: 2,
      revenue: 69.5,
      zero_results: 0,
    })
    expect(await totalsOf(site.id, before)).toMatchObject({ pageviews: 1, zero_results: 99 })
    expect(await totalsOf(site.id, after)).toMatchObject({ pageviews: 1, zero_results: 99 })
    expect(await dirtyDays(site.id)).toEqual([])

    // Browser events mark nothing: a client clock 40 days behind is replaced by the receive time,
    // and an event sent 2 hours late lies in a day the cron re-checks anyway.
    const skewed = pageview({ ts: Date.now() - 40 * DAY })
    const late = pageview({ ts: Date.now() - 2 * HOUR })
    expect((await SELF.fetch(collectRequest(envelope(site.id, [skewed, late])))).status).toBe(202)
    await vi.waitFor(
      async () =>
        expect(
          (
            await env.DB.prepare(
              'SELECT count(*) AS n FROM events WHERE site_id = ? AND id IN (SELECT value FROM json_each(?))',
            )
              .bind(site.id, JSON.stringify([skewed.id, late.id]))
              .first<{ n: number }>()
          )?.n,
        ).toBe(2),
      { timeout: 10_000, interval: 100 },
    )
    expect(await dirtyDays(site.id)).toEqual([])
  })
})
