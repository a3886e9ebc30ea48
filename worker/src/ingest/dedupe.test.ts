import { describe, expect, it } from 'vitest'
import { BurstMeter } from './burst'
import { collapseClicks, dropRepeatedOrders, RecentKeys } from './dedupe'
import type { EventRow } from './row'
import { eventRow } from '../../test/envelopes'

/** A click on the Buy button (what the dedupe steps compare). */
const row = (over: Partial<EventRow>): EventRow =>
  eventRow({ type: 'click', props: '{"tag":"button","text":"Buy"}', ...over })

describe('collapseClicks', () => {
  it('collapses identical clicks on the same element within 500 ms', () => {
    const rows = [
      row({ ts: 1_000 }),
      row({ ts: 1_300 }),
      row({ ts: 1_500 }),
      row({ ts: 1_501 }),
      row({ ts: 2_100 }),
    ]
    // 1_300 and 1_500 are within 500 ms of 1_000; 1_501 is not; 2_100 is more than 500 ms after 1_501.
    const r = collapseClicks(rows)
    expect(r.rows.map((x) => x.ts)).toEqual([1_000, 1_501, 2_100])
    expect(r.collapsed).toBe(2)
  })

  it('keeps clicks on other elements, by other visitors, and non-clicks', () => {
    const rows = [
      row({ ts: 1_000 }),
      row({ ts: 1_100, props: '{"tag":"a","text":"Home"}' }),
      row({ ts: 1_100, vid: 'w' }),
      row({ ts: 1_100, type: 'pageview', props: null }),
      row({ ts: 1_100, type: 'pageview', props: null }),
    ]
    expect(collapseClicks(rows).collapsed).toBe(0)
  })
})

describe('dropRepeatedOrders', () => {
  it('keeps the first purchase per (site, order_id)', () => {
    const rows = [
      row({ type: 'purchase', order_id: 'A' }),
      row({ type: 'purchase', order_id: 'A' }),
      row({ type: 'purchase', order_id: 'A', site_id: 't' }),
      row({ type: 'purchase', order_id: 'B' }),
    ]
    const r = dropRepeatedOrders(rows)
    expect(r.rows.map((x) => `${x.site_id}/${x.order_id}`)).toEqual(['s/A', 't/A', 's/B'])
    expect(r.dropped).toBe(1)
  })

  it('drops a repeat of an order that has another event id and another time', () => {
    const rows = [
      row({ type: 'purchase', order_id: 'A', id: 'first', ts: 1_000 }),
      row({ type: 'purchase', order_id: 'A', id: 'reload', ts: 60_000 }),
      row({ type: 'purchase', order_id: 'B', id: 'other', ts: 60_000 }),
    ]
    const r = dropRepeatedOrders(rows)
    expect(r.rows.map((x) => [x.id, x.order_id, x.ts])).toEqual([
      ['first', 'A', 1_000],
      ['other', 'B', 60_000],
    ])
    expect(r.dropped).toBe(1)
  })
})

describe('RecentKeys and BurstMeter', () => {
  it('forgets the oldest key beyond capacity', () => {
    const k = new RecentKeys(2)
    k.add('a')
    k.add('b')
    k.add('c')
    expect([k.has('a'), k.has('b'), k.has('c')]).toEqual([false, true, true])
  })

  it('admits events up to the per-minute limit, then none until the next minute', () => {
    const m = new BurstMeter()
    expect(m.admit('v', 600, 1_000, 0)).toBe(600)
    expect(m.admit('v', 600, 1_000, 30_000)).toBe(400)
    expect(m.admit('v', 5, 1_000, 59_999)).toBe(0)
    expect(m.admit('v', 5, 1_000, 60_000)).toBe(5)
    expect(m.admit('w', 5, 1_000, 59_999)).toBe(5)
  })
})
