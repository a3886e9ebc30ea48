import { describe, expect, it } from 'vitest'
import { MAX_MESSAGE_BYTES, splitMessage } from './send'
import type { EventRow, IngestMessage } from './row'

const row = (i: number, title: string) => ({ site_id: 's', id: `e${i}`, title }) as unknown as EventRow
const message = (events: EventRow[]): IngestMessage => ({
  v: 1,
  site_id: 's',
  received_at: 1,
  events,
  quarantine: [],
  bots: [],
})

describe('splitMessage', () => {
  it('keeps a message under the queue limit whole', () => {
    const m = message([row(1, 'small')])
    expect(splitMessage(m)).toEqual([m])
  })

  it('splits a message over the limit into parts that each fit, losing nothing', () => {
    // 50 events of 4,000 three-byte characters: 600,000 bytes of titles.
    const events = Array.from({ length: 50 }, (_, i) => row(i, '€'.repeat(4_000)))
    const parts = splitMessage(message(events))
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts)
      expect(new TextEncoder().encode(JSON.stringify(p)).length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES)
    expect(parts.flatMap((p) => p.events.map((e) => e.id))).toEqual(events.map((e) => e.id))
    expect(parts.every((p) => p.site_id === 's' && p.received_at === 1)).toBe(true)
  })
})
