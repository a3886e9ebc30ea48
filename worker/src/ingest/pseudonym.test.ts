import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import type { EventRow } from './row'
import { storeBatch } from './store'
import { eventRow, ingestMessage } from '../../test/envelopes'

const SITE = 'pseudonym-site'
const NOW = Date.UTC(2026, 10, 28, 12)
const VID_A = 'pseudonymA-aaaaaaaaaaaaaaaaaaa'
const VID_B = 'pseudonymB-bbbbbbbbbbbbbbbbbbb'

const message = (events: EventRow[]) => ingestMessage(SITE, NOW, events)
const purchase = (orderId: string) =>
  eventRow({
    site_id: SITE,
    type: 'purchase',
    ts: NOW,
    received_at: NOW,
    vid: VID_A,
    order_id: orderId,
    value: 10,
    currency: 'EUR',
  })
const identify = (vid: string, userId: string) =>
  eventRow({
    site_id: SITE,
    type: 'identify',
    ts: NOW,
    received_at: NOW,
    vid,
    props: JSON.stringify({ user_id: userId, traits: { plan: 'pro' } }),
  })
const all = async (sql: string) =>
  (await env.DB.prepare(sql).bind(SITE).all<Record<string, unknown>>()).results

describe('ids that carry personal data are stored as keyed hashes', () => {
  it('order ids: the same address is one order, another address another, plain numbers stay', async () => {
    await createSite({ id: SITE })
    await storeBatch(
      env.DB,
      [message([purchase('ana@example.com'), purchase('5123456789012'), purchase('+49 170 1234567')])],
      NOW,
    )
    // A reload of the thank-you page in a later batch, and another customer's address.
    const later = await storeBatch(
      env.DB,
      [message([purchase('ana@example.com'), purchase('bob@example.com')])],
      NOW,
    )
    expect(later).toMatchObject({ events: 2, inserted: 1 })

    const orders = (await all('SELECT order_id FROM orders WHERE site_id = ?')).map(
      (o) => o.order_id as string,
    )
    expect(orders).toHaveLength(4)
    expect(orders).toContain('5123456789012')
    const hashed = orders.filter((o) => o !== '5123456789012')
    expect(hashed.every((o) => /^order:[0-9a-f]{64}$/.test(o))).toBe(true)
    expect(new Set(hashed).size).toBe(3)
    const events = await all(`SELECT order_id FROM events WHERE site_id = ? AND type = 'purchase'`)
    expect(events.map((e) => e.order_id).sort()).toEqual([...orders].sort())
    const stored = JSON.stringify([...(await all('SELECT * FROM orders WHERE site_id = ?')), ...events])
    for (const trace of ['ana', 'bob', '@', '+49', '170 1234567']) expect(stored).not.toContain(trace)
  })

  it('identify user ids: an address becomes the user link key, the same for every browser', async () => {
    await storeBatch(
      env.DB,
      [
        message([
          identify(VID_A, 'ana@example.com'),
          identify(VID_B, 'ana@example.com'),
          identify(VID_B, 'u-42'),
        ]),
      ],
      NOW,
    )
    const rows = await all(
      `SELECT vid, props FROM events WHERE site_id = ? AND type = 'identify' ORDER BY vid, props`,
    )
    const props = rows.map((r) => JSON.parse(r.props as string))
    const keyed = props.filter((p) => 'user_key' in p)
    expect(keyed).toHaveLength(2)
    expect(keyed[0].user_key).toMatch(/^user:[0-9a-f]{64}$/)
    expect(keyed[1].user_key).toBe(keyed[0].user_key)
    for (const p of keyed) expect(p).toEqual({ user_key: keyed[0].user_key, traits: { plan: 'pro' } })
    expect(props.filter((p) => !('user_key' in p))).toEqual([{ user_id: 'u-42', traits: { plan: 'pro' } }])
    expect(JSON.stringify(rows)).not.toContain('ana')
  })
})
