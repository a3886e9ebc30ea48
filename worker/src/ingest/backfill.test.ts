import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { insertEvents, insertOrders } from '../../test/raw-rows'
import type { EventRow } from './row'
import { storeBatch } from './store'
import { eventRow, ingestMessage } from '../../test/envelopes'

// The store step marks the local days of rows stamped more than 24 h 55 min before it runs (the
// rollup cron's late-event window, 25 h, less 5 min of margin) and that it actually writes.

const SITE = 'backfill-edge'
// 00:55 UTC on 21 March: the edge, now − 24 h 55 min, is midnight starting 20 March.
const NOW = Date.parse('2026-03-21T00:55:00Z')

const message = (events: EventRow[]) => ingestMessage(SITE, NOW, events)
const row = (id: string, ts: string, over: Partial<EventRow> = {}) =>
  eventRow({ site_id: SITE, id, ts: Date.parse(ts), received_at: NOW, ...over })
const dirtyDays = () =>
  env.DB.prepare('SELECT day FROM rollup_dirty WHERE site_id = ? ORDER BY day')
    .bind(SITE)
    .all<{ day: string }>()
    .then((r) => r.results.map((d) => d.day))

describe('the store step marks the days of backfilled rows', () => {
  it('marks only rows older than the edge that it writes, once', async () => {
    await createSite({ id: SITE, timezone: 'UTC' })
    // Already stored: an event (a resend) and an order (a second purchase event for it).
    await insertEvents(env.DB, [{ site_id: SITE, id: 'stored', ts: '2026-03-11T10:00:00Z' }])
    await insertOrders(env.DB, [{ site_id: SITE, order_id: 'R-1', ts: '2026-03-10T10:00:00Z', value: 5 }])
    const rows = [
      row('at-edge', '2026-03-20T00:00:00.000Z'), // not older than the edge: the cron re-checks 20 March
      row('past-edge', '2026-03-19T23:59:59.999Z'),
      row('stored', '2026-03-11T10:00:00Z'),
      row('reload', '2026-03-10T10:00:00Z', { type: 'purchase', order_id: 'R-1', value: 5, currency: 'EUR' }),
      row('sale', '2026-03-05T10:00:00Z', { type: 'purchase', order_id: 'S-1', value: 7, currency: 'EUR' }),
    ]
    const stored = await storeBatch(env.DB, [message(rows)], NOW)
    // at-edge, past-edge and sale are new; stored and reload are not written.
    expect(stored).toMatchObject({ events: 5, inserted: 3 })
    expect(await dirtyDays()).toEqual(['2026-03-05', '2026-03-19'])

    // The cron clears the marks; the same message again writes nothing and marks nothing.
    await env.DB.prepare('DELETE FROM rollup_dirty WHERE site_id = ?').bind(SITE).run()
    expect(await storeBatch(env.DB, [message(rows)], NOW + 60_000)).toMatchObject({ inserted: 0 })
    expect(await dirtyDays()).toEqual([])
  })
})
