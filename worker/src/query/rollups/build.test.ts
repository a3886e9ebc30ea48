import { createScheduledController } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../../test/fixtures'
import { insertEvents, insertOrders, rollupCell, rollupRow } from '../../../test/raw-rows'
import { rollupSite, rollupToday, runTodayRollups } from './build'
import { runScheduled } from '../../jobs/scheduled'

const state = (site: string) =>
  env.DB.prepare('SELECT timezone, built_through, last_run_at FROM rollup_state WHERE site_id = ?')
    .bind(site)
    .first<{ timezone: string; built_through: string | null; last_run_at: number | null }>()
const pageviews = (site: string, day: string) => rollupCell(env.DB, site, day, 'pageviews')
const totalsOf = (site: string, day: string) =>
  rollupRow(
    env.DB,
    site,
    day,
    'visitors, visits, pageviews, bounces, duration_ms, orders, revenue, raw_events',
  )
const pageviewsOf = (site: string, day: string, page: string) =>
  rollupCell(env.DB, site, day, 'pageviews', { dim: 'page', value: page })
const zeroResults = (site: string, day: string) => rollupCell(env.DB, site, day, 'zero_results')

const partial = (site: string) =>
  env.DB.prepare(
    'SELECT partial_day, partial_from, partial_until, partial_events, partial_orders FROM rollup_state WHERE site_id = ?',
  )
    .bind(site)
    .first()
const allRows = (site: string) =>
  env.DB.prepare('SELECT * FROM rollup_daily WHERE site_id = ? ORDER BY dim, day, value')
    .bind(site)
    .all()
    .then((r) => r.results)

describe("today's rollup (rollups-today job)", () => {
  it('rolls up today to five minutes before the run, once whole days are caught up; twice is once', async () => {
    const site = { id: 'roll-today', timezone: 'UTC' }
    await createSite(site)
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'a', sid: 'a1', ts: '2026-03-03T12:00:00Z' },
      { site_id: site.id, vid: 'a', sid: 'a2', ts: '2026-03-04T12:00:00Z' },
      { site_id: site.id, vid: 'b', sid: 'b1', ts: '2026-03-05T00:10:00Z' },
      { site_id: site.id, vid: 'c', sid: 'c1', ts: '2026-03-05T08:00:00Z' },
      { site_id: site.id, vid: 'c', sid: 'c1', ts: '2026-03-05T08:56:00Z' }, // after 08:55
    ])
    // Whole days not caught up yet (one of two days built): no partial day.
    expect(await rollupSite(env.DB, site, Date.parse('2026-03-05T09:00:00Z'), 1)).toBe(1)
    expect(await rollupToday(env.DB, site, Date.parse('2026-03-05T09:00:00Z'))).toBe(false)
    // Three minutes into the day the watermark would still be yesterday: nothing to do.
    await rollupSite(env.DB, site, Date.parse('2026-03-05T00:03:00Z'), 30)
    expect((await state(site.id))?.built_through).toBe('2026-03-04')
    expect(await rollupToday(env.DB, site, Date.parse('2026-03-05T00:03:00Z'))).toBe(false)
    expect(await partial(site.id)).toMatchObject({ partial_day: null })

    const now = new Date('2026-03-05T09:00:00Z')
    // A site never rolled up sorts first (no watermark, id "aaa…"); it must not take the only slot.
    await createSite({ id: 'aaa-never-rolled', timezone: 'UTC' })
    await runTodayRollups(env, now, 1)
    expect(await partial(site.id)).toEqual({
      partial_day: '2026-03-05',
      partial_from: Date.parse('2026-03-05T00:00:00Z'),
      partial_until: Date.parse('2026-03-05T08:55:00Z'),
      partial_events: 2, // b at 00:10, c at 08:00
      partial_orders: 0,
    })
    expect(await pageviews(site.id, '2026-03-05')).toBe(2)
    const once = await allRows(site.id)
    await runTodayRollups(env, now)
    await rollupSite(env.DB, site, now.getTime(), 30)
    expect(await allRows(site.id)).toEqual(once)

    // Rebuilding the day whole (the next morning) retires the partial state in the same batch.
    await rollupSite(env.DB, site, Date.parse('2026-03-06T00:03:00Z'), 30)
    expect(await partial(site.id)).toMatchObject({ partial_day: null })
    expect(await pageviews(site.id, '2026-03-05')).toBe(3)
  })
})

describe('rollup cron job', () => {
  it('catches up in bounded runs, resuming where it stopped', async () => {
    const site = { id: 'roll-resume', timezone: 'UTC' }
    await createSite(site)
    // One pageview a day on 1–5 March.
    await insertEvents(
      env.DB,
      [1, 2, 3, 4, 5].map((d) => ({
        site_id: site.id,
        vid: `v${d}`,
        sid: `s${d}`,
        ts: `2026-03-0${d}T12:00:00Z`,
      })),
    )
    const now = Date.parse('2026-03-06T09:00:00Z') // yesterday = 5 March
    expect(await rollupSite(env.DB, site, now, 2)).toBe(2)
    expect(await state(site.id)).toMatchObject({ built_through: '2026-03-02', last_run_at: null })
    expect(await rollupSite(env.DB, site, now, 2)).toBe(2)
    expect((await state(site.id))?.built_through).toBe('2026-03-04')
    expect(await rollupSite(env.DB, site, now, 2)).toBe(1)
    expect(await state(site.id)).toMatchObject({ built_through: '2026-03-05', last_run_at: now })
    expect(await pageviews(site.id, '2026-03-03')).toBe(1)
  })

  it('rebuilds days late events can still reach, and days marked dirty', async () => {
    const site = { id: 'roll-late', timezone: 'UTC' }
    await createSite(site)
    await insertEvents(env.DB, [{ site_id: site.id, vid: 'a', sid: 'a', ts: '2026-03-01T12:00:00Z' }])
    const first = Date.parse('2026-03-05T00:10:00Z')
    await rollupSite(env.DB, site, first, 30)
    expect((await state(site.id))?.built_through).toBe('2026-03-04')
    // A late event for 4 March (within 24 h) and an import into 1 March.
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'b', sid: 'b', ts: '2026-03-04T23:00:00Z' },
      { site_id: site.id, vid: 'c', sid: 'c', ts: '2026-03-01T13:00:00Z' },
    ])
    await env.DB.prepare("INSERT INTO rollup_dirty (site_id, day) VALUES (?, '2026-03-01')")
      .bind(site.id)
      .run()
    const second = first + 15 * 60_000
    // Of the days from (previous run − 25 h) = 3 March through yesterday, the one the late event
    // changed (3 March had nothing new), plus dirty 1 March.
    expect(await rollupSite(env.DB, site, second, 30)).toBe(2)
    expect(await pageviews(site.id, '2026-03-04')).toBe(1)
    expect(await pageviews(site.id, '2026-03-01')).toBe(2)
    const dirty = await env.DB.prepare('SELECT count(*) AS n FROM rollup_dirty WHERE site_id = ?')
      .bind(site.id)
      .first()
    expect(dirty).toEqual({ n: 0 })
  })

  it('counts a late event for a rolled-up day at the next run, rebuilding that day alone', async () => {
    // Berlin (UTC+1 in early March). Local days: 3 March = [02T23:00Z, 03T23:00Z), 4 March =
    // [03T23:00Z, 04T23:00Z). The nightly run at 00:10 local (5 March) builds both.
    const site = { id: 'roll-late-once', timezone: 'Europe/Berlin' }
    await createSite(site)
    await insertEvents(env.DB, [
      { site_id: site.id, vid: 'a', sid: 'a1', ts: '2026-03-03T12:00:00Z', path: '/' },
      { site_id: site.id, vid: 'b', sid: 'b1', ts: '2026-03-04T09:00:00Z', path: '/' },
      { site_id: site.id, vid: 'b', sid: 'b1', ts: '2026-03-04T09:10:00Z', path: '/shoes' },
    ])
    const nightly = Date.parse('2026-03-04T23:10:00Z')
    await rollupSite(env.DB, site, nightly, 30)
    expect(await state(site.id)).toMatchObject({ built_through: '2026-03-04', last_run_at: nightly })
    expect(await totalsOf(site.id, '2026-03-04')).toEqual({
      visitors: 1,
      visits: 1,
      pageviews: 2,
      bounces: 0,
      duration_ms: 10 * 60_000,
      orders: 0,
      revenue: 0,
      raw_events: 2,
    })
    // A marker no rebuild would keep: 3 March is in the late window but must not be rebuilt.
    await env.DB.prepare(
      "UPDATE rollup_daily SET zero_results = 99 WHERE site_id = ? AND dim = '' AND day = ?",
    )
      .bind(site.id, '2026-03-03')
      .run()

    // A run with nothing new rebuilds nothing.
    expect(await rollupSite(env.DB, site, nightly + 15 * 60_000, 30)).toBe(0)

    // c's event from 23:40 local on 4 March (22:40Z), flushed after the run (received 23:30Z).
    await insertEvents(env.DB, [
      {
        site_id: site.id,
        vid: 'c',
        sid: 'c1',
        ts: '2026-03-04T22:40:00Z',
        path: '/late',
        received_at: Date.parse('2026-03-04T23:30:00Z'),
      },
    ])
    const next = nightly + 30 * 60_000
    expect(await rollupSite(env.DB, site, next, 30)).toBe(1)
    // b's visit as before, plus c's one-pageview visit (a bounce).
    expect(await totalsOf(site.id, '2026-03-04')).toEqual({
      visitors: 2,
      visits: 2,
      pageviews: 3,
      bounces: 1,
      duration_ms: 10 * 60_000,
      orders: 0,
      revenue: 0,
      raw_events: 3,
    })
    expect(await pageviewsOf(site.id, '2026-03-04', '/late')).toBe(1)
    expect(await zeroResults(site.id, '2026-03-03')).toBe(99)

    // An order for 4 March stored late (orders have no received time): its count moved, so the
    // next run rebuilds the day with it; the run after that has nothing to do.
    await insertOrders(env.DB, [
      { site_id: site.id, order_id: 'o-late', vid: 'b', ts: '2026-03-04T09:10:00Z', value: 30 },
    ])
    expect(await rollupSite(env.DB, site, next + 15 * 60_000, 30)).toBe(1)
    expect(await totalsOf(site.id, '2026-03-04')).toMatchObject({ orders: 1, revenue: 30, raw_events: 3 })
    expect(await rollupSite(env.DB, site, next + 30 * 60_000, 30)).toBe(0)
    expect(await zeroResults(site.id, '2026-03-03')).toBe(99)
  })

  it('starts over when the site changes timezone, and runs from the cron handler', async () => {
    const site = { id: 'roll-tz', timezone: 'UTC' }
    await createSite(site)
    // 23:30 UTC on 1 March is 2 March in Berlin.
    await insertEvents(env.DB, [{ site_id: site.id, vid: 'a', sid: 'a', ts: '2026-03-01T23:30:00Z' }])
    const now = Date.parse('2026-03-04T12:00:00Z')
    await rollupSite(env.DB, site, now, 30)
    expect(await pageviews(site.id, '2026-03-01')).toBe(1)
    await env.DB.prepare("UPDATE sites SET timezone = 'Europe/Berlin' WHERE id = ?").bind(site.id).run()
    const ctl = createScheduledController({ scheduledTime: now, cron: '*/15 * * * *' })
    await runScheduled(ctl, env, {
      waitUntil() {},
      passThroughOnException() {},
    } as unknown as ExecutionContext)
    expect((await state(site.id))?.timezone).toBe('Europe/Berlin')
    expect(await pageviews(site.id, '2026-03-01')).toBeNull()
    expect(await pageviews(site.id, '2026-03-02')).toBe(1)
  }, 60_000) // runScheduled also runs every other area's job
})
