import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { collectRequest, envelope, eventId, eventRow, pageview } from '../../test/envelopes'
import { createSite } from '../../test/fixtures'
import { consume } from '../../test/queue'
import { rowsMentioning } from '../../test/visitor-rows'
import { MESSAGE_VERSION } from '../ingest/row'
import { ingestSegment } from '../sources/segment/ingest'
import { eraseVisitor } from './erase'
import { exportVisitor } from './export'

/**
 * Rejected input of a known visitor (an event that failed validation, a dead-lettered row, a
 * Segment message that could not be mapped) is that visitor's data: the quarantine row names the
 * visitor, the visitor's export shows it and their erasure deletes it.
 */
const WAIT = { timeout: 10_000, interval: 100 }

const quarantineOf = async (site: string) =>
  (
    await env.DB.prepare('SELECT vid, event_id, reason FROM quarantine WHERE site_id = ? ORDER BY id')
      .bind(site)
      .all()
  ).results

/** The visitor's export shows exactly these quarantine rows, and erasing the visitor leaves nothing. */
async function expectExportedThenErased(
  site: string,
  vid: string,
  expected: { event_id: string | null; reason: string }[],
) {
  const exported = await exportVisitor(env.DB, site, vid)
  expect(exported.tables.quarantine!.map((r) => ({ event_id: r.event_id, reason: r.reason }))).toEqual(
    expected,
  )
  const erased = await eraseVisitor(env.DB, site, vid, 'self-service')
  expect(erased.counts.quarantine).toBe(expected.length)
  expect(await rowsMentioning(vid)).toEqual({})
}

describe('quarantine rows of a known visitor', { timeout: 20_000 }, () => {
  it('from /collect: named by the visitor, exported and erased with them', async () => {
    const site = await createSite({ id: 'quarantine-collect' })
    const vid = crypto.randomUUID()
    const bad = {
      id: eventId(),
      type: 'purchase',
      ts: Date.now(),
      url: 'https://shop.example/thanks',
      order_id: 'o-1',
      value: -1,
    }
    const res = await SELF.fetch(collectRequest(envelope(site, [pageview(), bad], { vid })))
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ id: bad.id, reason: 'invalid_event' }],
    })
    await vi.waitFor(
      async () =>
        expect(await quarantineOf(site)).toEqual([{ vid, event_id: bad.id, reason: 'invalid_event' }]),
      WAIT,
    )
    await expectExportedThenErased(site, vid, [{ event_id: bad.id, reason: 'invalid_event' }])
  })

  it('from the dead-letter queue: each row keeps the visitor it was stored for', async () => {
    const site = await createSite({ id: 'quarantine-dlq' })
    const vid = crypto.randomUUID()
    const other = crypto.randomUUID()
    const mine = eventRow({ site_id: site, vid })
    const theirs = eventRow({ site_id: site, vid: other })
    await consume('heed-events-dlq', [
      { v: MESSAGE_VERSION, site_id: site, received_at: 1, events: [mine, theirs], quarantine: [], bots: [] },
    ])
    expect(await quarantineOf(site)).toEqual([
      { vid, event_id: mine.id, reason: 'dead_letter' },
      { vid: other, event_id: theirs.id, reason: 'dead_letter' },
    ])
    await expectExportedThenErased(site, vid, [{ event_id: mine.id, reason: 'dead_letter' }])
    expect(await quarantineOf(site)).toEqual([{ vid: other, event_id: theirs.id, reason: 'dead_letter' }])
  })

  it('from a Segment message that cannot be mapped: named by its anonymousId', async () => {
    const site = await createSite({ id: 'quarantine-segment' })
    const vid = crypto.randomUUID()
    const outcome = await ingestSegment(
      env,
      site,
      [{ type: 'track', anonymousId: vid, event: 'Order Completed', messageId: 'no-order', properties: {} }],
      { batchSentAt: null, receivedAt: Date.now() },
    )
    expect(outcome.rejected).toEqual([{ messageId: 'no-order', reason: 'invalid_event' }])
    await vi.waitFor(
      async () =>
        expect(await quarantineOf(site)).toEqual([{ vid, event_id: 'no-order', reason: 'invalid_event' }]),
      WAIT,
    )
    await expectExportedThenErased(site, vid, [{ event_id: 'no-order', reason: 'invalid_event' }])
  })
})
