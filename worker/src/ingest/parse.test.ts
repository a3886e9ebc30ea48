import { describe, expect, it } from 'vitest'
import { parseEnvelope, parseEvent } from './parse'
import { envelope, pageview } from '../../test/envelopes'

const text = (v: unknown) => JSON.stringify(v)

describe('parseEnvelope', () => {
  it('accepts a valid envelope', () => {
    const r = parseEnvelope(text(envelope('shop', [pageview()])))
    expect(r.ok).toBe(true)
  })

  it.each(['', 'not json', '{"v":1,', 'NaN', '{"v": Infinity}'])(
    'refuses non-JSON %j as invalid_json',
    (body) => {
      expect(parseEnvelope(body)).toEqual({
        ok: false,
        error: { code: 'invalid_json', message: 'Body is not valid JSON' },
      })
    },
  )

  it.each([
    ['null', null, ''],
    ['an array', [], ''],
    ['a string', 'hello', ''],
    ['no events', { v: 1, site: 's', consent: { analytics: true, marketing: false } }, 'events'],
    ['an empty events array', envelope('s', []), 'events'],
    [
      '51 events',
      envelope(
        's',
        Array.from({ length: 51 }, () => pageview()),
      ),
      'events',
    ],
    ['a wrong version', { ...envelope('s', [pageview()]), v: 2 }, 'v'],
    ['consent as a string', { ...envelope('s', [pageview()]), consent: 'yes' }, 'consent'],
    ['a short visitor id', { ...envelope('s', [pageview()]), vid: 'abc' }, 'vid'],
    ['an array as site', { ...envelope('s', [pageview()]), site: ['s'] }, 'site'],
  ])('refuses %s as invalid_envelope at its path', (_name, body, path) => {
    const r = parseEnvelope(text(body))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_envelope', path })
  })

  it('survives JSON nested 20,000 levels deep', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    const r = parseEnvelope(deep)
    expect(r.ok).toBe(false)
  })

  it('accepts 50 events', () => {
    expect(
      parseEnvelope(
        text(
          envelope(
            's',
            Array.from({ length: 50 }, () => pageview()),
          ),
        ),
      ).ok,
    ).toBe(true)
  })
})

describe('parseEvent', () => {
  const ok = pageview()

  it('accepts a valid event', () => {
    expect(parseEvent(ok)).toMatchObject({ ok: true, event: { id: ok.id, type: 'pageview' } })
  })

  it.each([
    ['no id', { ...ok, id: undefined }, null, 'missing_id'],
    ['an empty id', { ...ok, id: '' }, null, 'missing_id'],
    ['a non-UUID id', { ...ok, id: 'abc' }, 'abc', 'invalid_id'],
    ['a numeric id', { ...ok, id: 42 }, null, 'invalid_id'],
    ['an unknown type', { ...ok, type: 'hack' }, ok.id, 'unknown_type'],
    ['not an object', 'pageview', null, 'missing_id'],
  ])('rejects %s', (_name, raw, id, reason) => {
    expect(parseEvent(raw)).toMatchObject({ ok: false, id, reason })
  })

  const purchase = {
    id: ok.id,
    type: 'purchase',
    ts: ok.ts,
    url: ok.url,
    order_id: 'o-1',
    value: 10,
    currency: 'EUR',
  }
  it.each([
    ['Infinity (1e309) as value', { ...purchase, value: JSON.parse('1e309') }, 'value'],
    ['a negative value', { ...purchase, value: -5 }, 'value'],
    ['a non-numeric string value', { ...purchase, value: 'ten' }, 'value'],
    ['an empty string value', { ...purchase, value: '' }, 'value'],
    ['an item with neither id nor name', { ...purchase, items: [{ price: 3 }] }, 'items.0.id'],
    [
      'an item price that is not a number',
      { ...purchase, items: [{ id: 'a', price: 'abc' }] },
      'items.0.price',
    ],
    ['a purchase without an order id', { ...purchase, order_id: undefined }, 'order_id'],
    ['a fractional quantity', { ...purchase, items: [{ id: 'a', quantity: 1.5 }] }, 'items.0.quantity'],
    ['a negative timestamp', { ...ok, ts: -1 }, 'ts'],
    ['NaN-like timestamp string', { ...ok, ts: 'NaN' }, 'ts'],
    ['a 9,000-char title', { ...ok, title: 'x'.repeat(9_000) }, 'title'],
    [
      'nested props',
      { id: ok.id, type: 'custom', ts: ok.ts, url: ok.url, name: 'n', props: { a: { b: 1 } } },
      'props.a',
    ],
    [
      'an array where a scalar belongs',
      { id: ok.id, type: 'custom', ts: ok.ts, url: ok.url, name: 'n', props: { a: [1] } },
      'props.a',
    ],
    [
      '31 props',
      {
        id: ok.id,
        type: 'custom',
        ts: ok.ts,
        url: ok.url,
        name: 'n',
        props: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])),
      },
      'props',
    ],
    ['an array as url', { ...ok, url: ['https://shop.example/'] }, 'url'],
  ])('rejects %s as invalid_event at its path', (_name, raw, path) => {
    const r = parseEvent(raw)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe('invalid_event')
      expect(r.detail.startsWith(`${path}:`)).toBe(true)
    }
  })

  // The snippet forwards a dataLayer's ecommerce object as the page wrote it (snippet/src/capture/commerce.ts).
  describe('GA4 ecommerce fields as a dataLayer holds them', () => {
    const parsed = (raw: unknown) => {
      const r = parseEvent(raw)
      if (!r.ok) throw new Error(r.detail)
      return r.event
    }

    it('reads item_id, item_name and item_category, numbers written as text, and numeric ids', () => {
      const e = parsed({
        ...purchase,
        order_id: 1042,
        value: '24.50',
        items: [
          {
            item_id: 7,
            item_name: 'Mug',
            item_category: 'Kitchen',
            price: '12.25',
            quantity: '2',
            coupon: 'X',
          },
          { id: 'tee', item_id: 'ignored', name: 'Tee' },
          { item_name: 'Gift card' },
        ],
      })
      expect(e).toMatchObject({
        type: 'purchase',
        order_id: '1042',
        value: 24.5,
        items: [
          { id: '7', name: 'Mug', category: 'Kitchen', price: 12.25, quantity: 2 },
          { id: 'tee', name: 'Tee' },
          { id: 'Gift card', name: 'Gift card' },
        ],
      })
      // Fields Heed has no use for (GA4's coupon, affiliation, …) are not kept.
      expect((e as { items: object[] }).items[0]).not.toHaveProperty('coupon')
    })

    it('values a purchase without a value at its items: 2 × 12.25 + 1 × 3.10 = 27.60', () => {
      const e = parsed({
        ...purchase,
        value: undefined,
        items: [
          { item_id: 'mug', price: 12.25, quantity: 2 },
          { item_id: 'card', price: '3.10' },
        ],
      })
      expect(e).toMatchObject({ type: 'purchase', value: 27.6 })
    })

    it('values a purchase with neither value nor items at 0', () => {
      expect(parsed({ ...purchase, value: undefined })).toMatchObject({ value: 0, items: [] })
    })

    it('leaves funnel steps without a value without one', () => {
      const e = parsed({
        id: ok.id,
        ts: ok.ts,
        url: ok.url,
        type: 'add_to_cart',
        items: [{ item_id: 'mug' }],
      })
      expect(e).toMatchObject({ type: 'add_to_cart', items: [{ id: 'mug' }] })
      expect(e).not.toHaveProperty('value')
    })
  })
})
