import { describe, expect, it } from 'vitest'
import { eventSchema } from '../../protocol'
import { SERVER_URL, toHeedEvent } from './map'
import { eventIdOf, eventTs, type SegmentMessage, segmentMessageSchema } from './message'

const ctx = { id: '0b6c2f1e-3c1a-8d2e-9f00-000000000001', ts: 1_780_000_000_000 }
const msg = (m: Record<string, unknown>) => segmentMessageSchema.parse(m) as SegmentMessage
const map = (m: Record<string, unknown>) => {
  const r = toHeedEvent(msg(m), ctx)
  if (!r.ok) throw new Error(r.detail)
  return r.event
}

describe('Segment spec → Heed events', () => {
  it('Order Completed becomes a purchase with total, currency and products', () => {
    const e = map({
      type: 'track',
      userId: 'u1',
      event: 'Order Completed',
      properties: {
        order_id: 'A-1001',
        total: 57.5,
        revenue: 50,
        currency: 'eur',
        products: [
          { product_id: 'sku-1', name: 'Boots', category: 'Shoes', price: 40, quantity: 1 },
          { sku: 'sku-2', name: 'Socks', price: 5, quantity: 2 },
          { name: 'no id, dropped' },
        ],
      },
    })
    expect(e).toEqual({
      id: ctx.id,
      ts: ctx.ts,
      url: SERVER_URL,
      type: 'purchase',
      order_id: 'A-1001',
      value: 57.5,
      currency: 'EUR',
      items: [
        { id: 'sku-1', name: 'Boots', category: 'Shoes', price: 40, quantity: 1 },
        { id: 'sku-2', name: 'Socks', price: 5, quantity: 2 },
      ],
    })
    // What the mapper makes is a valid protocol event.
    expect(eventSchema.safeParse(e).success).toBe(true)
  })

  it('falls back to the sum of products when no total is given (2.5 × 4 + 0.1 × 3 + 0.1 × 3 = 10.6)', () => {
    const e = map({
      type: 'track',
      anonymousId: 'anon-123456',
      event: 'order_completed',
      properties: {
        order_id: 'B',
        products: [
          { id: 'a', price: 2.5, quantity: 4 },
          { id: 'b', price: 0.1, quantity: 3 },
          { id: 'c', price: 0.1, quantity: 3 },
        ],
      },
    })
    // The protocol fills the value in, as it does for a web purchase; to the cent (plain floating point gives 10.600000000000001).
    expect(eventSchema.parse(e)).toMatchObject({ type: 'purchase', value: 10.6 })
  })

  it('maps search, product view, cart add and checkout', () => {
    expect(
      map({ type: 'track', userId: 'u', event: 'Products Searched', properties: { query: 'red boots' } }),
    ).toMatchObject({ type: 'search', query: 'red boots', results: null })
    expect(
      map({
        type: 'track',
        userId: 'u',
        event: 'Product Viewed',
        properties: {
          product_id: 'p1',
          name: 'Boots',
          price: 40,
          currency: 'USD',
          url: 'https://shop.example/p1',
        },
      }),
    ).toEqual({
      id: ctx.id,
      ts: ctx.ts,
      url: 'https://shop.example/p1',
      type: 'view_item',
      items: [{ id: 'p1', name: 'Boots', price: 40 }],
      value: 40,
      currency: 'USD',
    })
    expect(
      map({
        type: 'track',
        userId: 'u',
        event: 'Product Added',
        properties: { product_id: 'p1', quantity: 2 },
      }),
    ).toMatchObject({ type: 'add_to_cart', items: [{ id: 'p1', quantity: 2 }] })
    expect(
      map({
        type: 'track',
        userId: 'u',
        event: 'Checkout Started',
        properties: { value: 80, products: [{ product_id: 'p1' }] },
      }),
    ).toMatchObject({ type: 'begin_checkout', value: 80, items: [{ id: 'p1' }] })
  })

  it('Order Refunded becomes a refund: whole without products or total, else of those products', () => {
    const whole = map({
      type: 'track',
      userId: 'u',
      event: 'Order Refunded',
      properties: { order_id: 50314 },
    })
    expect(whole).toEqual({
      id: ctx.id,
      ts: ctx.ts,
      url: SERVER_URL,
      type: 'refund',
      order_id: '50314',
      items: [],
    })
    const part = map({
      type: 'track',
      userId: 'u',
      event: 'Order Refunded',
      properties: {
        order_id: 'A-1',
        currency: 'usd',
        products: [{ product_id: 'p1', price: 15, quantity: 2 }],
      },
    })
    // The protocol values a refund of items at their total: 15 × 2.
    expect(eventSchema.parse(part)).toMatchObject({
      type: 'refund',
      order_id: 'A-1',
      value: 30,
      currency: 'USD',
    })
    expect(
      toHeedEvent(msg({ type: 'track', userId: 'u', event: 'Order Refunded', properties: {} }), ctx),
    ).toEqual({
      ok: false,
      reason: 'invalid_event',
      detail: 'Order Refunded needs properties.order_id',
    })
  })

  it('Product Removed, Product List Viewed and Product Clicked are the matching commerce steps', () => {
    const typeOf = (event: string) =>
      map({
        type: 'track',
        userId: 'u',
        event,
        properties: { product_id: 'p1', products: [{ product_id: 'p2' }] },
      })?.type
    expect(['Product Removed', 'Product List Viewed', 'Product Clicked'].map(typeOf)).toEqual([
      'remove_from_cart',
      'view_item_list',
      'select_item',
    ])
  })

  it('other track calls become custom events with flat scalar props, without contact fields', () => {
    expect(
      map({
        type: 'track',
        userId: 'u',
        event: 'Newsletter Signed Up',
        properties: { plan: 'weekly', count: 3, ok: true, email: 'a@b.example', nested: { a: 1 }, list: [1] },
      }),
    ).toEqual({
      id: ctx.id,
      ts: ctx.ts,
      url: SERVER_URL,
      type: 'custom',
      name: 'Newsletter Signed Up',
      props: { plan: 'weekly', count: 3, ok: true },
    })
  })

  it('page, screen, identify and alias', () => {
    expect(
      map({
        type: 'page',
        userId: 'u',
        name: 'Home',
        context: { page: { url: 'https://shop.example/', referrer: 'https://search.example/' } },
      }),
    ).toMatchObject({
      type: 'pageview',
      url: 'https://shop.example/',
      title: 'Home',
      referrer: 'https://search.example/',
    })
    expect(map({ type: 'screen', userId: 'u', name: 'Cart View' })).toMatchObject({
      type: 'pageview',
      url: `${SERVER_URL}screen/Cart%20View`,
      title: 'Cart View',
    })
    expect(
      map({
        type: 'identify',
        userId: 'u-9',
        traits: { plan: 'pro', email: 'x@y.example', phone: '+4930123456' },
      }),
    ).toMatchObject({ type: 'identify', user_id: 'u-9', traits: { plan: 'pro' } })
    expect(map({ type: 'identify', anonymousId: 'anon-1234', traits: { plan: 'pro' } })).toMatchObject({
      type: 'custom',
      name: 'identify',
      props: { plan: 'pro' },
    })
    // Traits describe the person even without a userId: their name is redacted as in identify traits.
    expect(
      map({
        type: 'identify',
        anonymousId: 'anon-1234',
        traits: { name: 'Ana Lima', lastName: 'Lima', plan: 'pro' },
      }),
    ).toMatchObject({ props: { name: '[redacted]', lastName: '[redacted]', plan: 'pro' } })
    expect(map({ type: 'alias', userId: 'u', previousId: 'old' })).toBeNull()
  })

  it('rejects spec events missing what makes them useful', () => {
    expect(
      toHeedEvent(msg({ type: 'track', userId: 'u', event: 'Order Completed', properties: {} }), ctx),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_event',
    })
    expect(toHeedEvent(msg({ type: 'track', userId: 'u', event: 'Products Searched' }), ctx)).toMatchObject({
      ok: false,
    })
  })
})

describe('Segment ids and times', () => {
  it('corrects the client clock by the sentAt drift, as Segment does', () => {
    // Client clock 5 s fast: it stamped 10:00:00 and sent at 10:00:05, the server received at 10:00:02.
    const m = msg({ type: 'track', userId: 'u', event: 'X', timestamp: '2026-11-28T10:00:00.000Z' })
    const ts = eventTs(m, Date.parse('2026-11-28T10:00:05.000Z'), Date.parse('2026-11-28T10:00:02.000Z'))
    expect(new Date(ts).toISOString()).toBe('2026-11-28T09:59:57.000Z')
    // Without sentAt the timestamp stands; without a timestamp the receive time is used.
    expect(eventTs(m, null, 0)).toBe(Date.parse('2026-11-28T10:00:00.000Z'))
    expect(eventTs(msg({ type: 'track', userId: 'u', event: 'X' }), null, 1234)).toBe(1234)
  })

  it('messageId → a stable UUID per site that the protocol accepts', async () => {
    const a = await eventIdOf('s1', 'node-next-1-abc')
    expect(a).toBe(await eventIdOf('s1', 'node-next-1-abc'))
    expect(a).not.toBe(await eventIdOf('s2', 'node-next-1-abc'))
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(eventSchema.safeParse({ id: a, ts: 1, url: 'https://a.example/', type: 'pageview' }).success).toBe(
      true,
    )
  })
})
