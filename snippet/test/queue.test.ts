import { describe, expect, it } from 'vitest'
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { backoff, trim } from '../src/capture/retry'
import { batchSize } from '../src/queue'

const event = (i: number, pad = 0): WireEvent => ({
  type: 'custom',
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  ts: 1,
  url: 'https://shop.example/',
  name: 'x'.repeat(pad || 1),
})

describe('batches', () => {
  it('hold at most 50 events', () => {
    expect(batchSize(Array.from({ length: 120 }, (_, i) => event(i)))).toBe(50)
    expect(batchSize(Array.from({ length: 7 }, (_, i) => event(i)))).toBe(7)
  })

  it('hold at most 60 KB', () => {
    // Each event below is a little over 10 KB once serialized: 10 do not fit in 60,000 bytes, 5 do.
    const big = Array.from({ length: 10 }, (_, i) => event(i, 10_000))
    expect(JSON.stringify(big[0]).length).toBeGreaterThan(10_000)
    expect(batchSize(big)).toBe(5)
    // 13 of them: 13 → 6 (about 61 KB with the commas, too many) → 3.
    const thirteen = Array.from({ length: 13 }, (_, i) => event(i, 10_000))
    expect(batchSize(thirteen)).toBe(3)
  })

  it('count bytes, not characters', () => {
    // 'é' is 2 bytes in UTF-8: 25,000 of them are 50 KB, so only one such event fits.
    const wide = [event(1, 0), event(2, 0)].map((e) => ({ ...e, name: 'é'.repeat(25_000) }) as WireEvent)
    expect(JSON.stringify(wide).length).toBeLessThan(60_000)
    expect(batchSize(wide)).toBe(1)
  })

  it('report 0 when a single event can never fit', () => {
    expect(batchSize([event(1, 70_000), event(2)])).toBe(0)
  })
})

describe('retries', () => {
  it('back off exponentially up to five minutes', () => {
    expect([0, 1, 2, 3, 10, 20].map(backoff)).toEqual([1000, 2000, 4000, 8000, 300_000, 300_000])
  })

  it('keep the newest envelopes, at most 200 events in all', () => {
    const pending = (n: number, tag: string) =>
      ({ events: Array.from({ length: n }, (_, i) => event(i)), site: tag }) as unknown as Envelope
    const list = [pending(50, 'a'), pending(50, 'b'), pending(50, 'c'), pending(50, 'd'), pending(30, 'e')]
    expect(trim(list.slice(0, 4)).map((e) => e.site)).toEqual(['a', 'b', 'c', 'd'])
    // In place: the core hands the chunk its list of failed batches, and both must see the trimmed one.
    trim(list)
    expect(list.map((e) => e.site)).toEqual(['b', 'c', 'd', 'e'])
  })
})
