import { describe, expect, it } from 'vitest'
import { siteSettingsSchema } from '../site/settings'
import type { ParsedEnvelope } from '../protocol'
import { runPipeline, type RequestContext } from './pipeline'
import { eventId, SID, VID } from '../../test/envelopes'

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const facts = {
  country: 'DE',
  region: 'BE',
  city: 'Berlin',
  device: 'desktop',
  browser: 'Firefox',
  os: 'Windows',
}

function ctx(over: Partial<RequestContext> = {}): RequestContext {
  return {
    site: { id: 'shop', currency: 'EUR', settings: siteSettingsSchema.parse({}) },
    receivedAt: NOW,
    facts,
    consent: { analytics: true, marketing: true, vid: VID, sid: SID },
    vid: VID,
    ...over,
  }
}

const env = (events: unknown[]): ParsedEnvelope => ({
  v: 1,
  site: 'shop',
  consent: { analytics: true, marketing: true },
  events,
})
const base = (type: string, over: Record<string, unknown> = {}) => ({
  id: eventId(),
  type,
  ts: NOW - 1_000,
  url: 'https://shop.example/p',
  ...over,
})

describe('runPipeline', () => {
  it('turns every event type into a row with its typed fields', () => {
    const events = [
      base('pageview', { title: 'Shoes', referrer: 'https://www.google.com/search?q=x' }),
      base('engagement', { visible_ms: 12_345.6, scroll_pct: 66.6 }),
      base('click', { tag: 'A', text: 'Buy now', href: 'https://other.example/x?y=1', kind: 'outbound' }),
      base('search', { query: 'red shoes', results: 12 }),
      base('purchase', {
        order_id: 'o-1',
        value: 50,
        items: [{ id: 'sku1', name: 'Shoe', price: 25, quantity: 2 }],
      }),
      base('add_to_cart', { value: 25, currency: 'usd', items: [{ id: 'sku1', price: 25, quantity: 1 }] }),
      base('custom', { name: 'newsletter_signup', props: { plan: 'pro', seats: 3 } }),
      base('identify', { user_id: 'u-42', traits: { plan: 'pro', email: 'jane@example.com' } }),
    ]
    const r = runPipeline(env(events), ctx())
    expect(r.rejected).toEqual([])
    expect(r.duplicates).toBe(0)
    const [pv, eng, click, search, purchase, cart, custom, identify] = r.events
    expect(pv).toMatchObject({
      site_id: 'shop',
      type: 'pageview',
      ts: NOW - 1_000,
      received_at: NOW,
      vid: VID,
      sid: SID,
      url: 'https://shop.example/p',
      path: '/p',
      title: 'Shoes',
      referrer: 'https://www.google.com/search',
      source: 'google',
      medium: 'search',
      country: 'DE',
      city: 'Berlin',
      browser: 'Firefox',
      marketing: 1,
      props: null,
      flags: null,
    })
    expect(JSON.parse(eng?.props ?? '')).toEqual({ visible_ms: 12_346, scroll_pct: 67 })
    expect(eng?.medium).toBeNull()
    expect(JSON.parse(click?.props ?? '')).toEqual({
      tag: 'a',
      kind: 'outbound',
      text: 'Buy now',
      href: 'https://other.example/x',
    })
    expect(search).toMatchObject({ query: 'red shoes', results: 12 })
    expect(purchase).toMatchObject({
      order_id: 'o-1',
      value: 50,
      currency: 'EUR',
      flags: '["default_currency"]',
    })
    expect(JSON.parse(purchase?.props ?? '').items).toEqual([
      { id: 'sku1', name: 'Shoe', category: null, price: 25, quantity: 2 },
    ])
    expect(cart).toMatchObject({ value: 25, currency: 'USD', flags: null })
    expect(custom).toMatchObject({ name: 'newsletter_signup', props: '{"props":{"plan":"pro","seats":3}}' })
    expect(JSON.parse(identify?.props ?? '')).toEqual({
      user_id: 'u-42',
      traits: { plan: 'pro', email: '[redacted]' },
    })
  })

  it('keeps refunds (whole or by items) with their order, and the list, select and cart-removal steps', () => {
    const boots = { id: 'b1', name: 'Boots', price: 15, quantity: 2 }
    const events = [
      base('refund', { order_id: 'o-1' }),
      base('refund', { order_id: 991, items: [boots] }),
      base('refund', { order_id: 'o-3', value: 12.5, currency: 'EUR' }),
      base('view_item_list', { items: [{ item_id: 'b1', item_name: 'Boots' }] }),
      base('select_item', { items: [{ item_id: 'b1' }] }),
      base('remove_from_cart', { value: 15, items: [{ ...boots, quantity: 1 }] }),
    ]
    const r = runPipeline(env(events), ctx())
    expect(r.rejected).toEqual([])
    const cols = r.events.map((e) => [
      e.type,
      e.order_id,
      e.value,
      JSON.parse(e.props ?? '{}').items?.length ?? 0,
    ])
    expect(cols).toEqual([
      // A whole refund carries no value: stats read the order's.
      ['refund', 'o-1', null, 0],
      ['refund', '991', 30, 1],
      ['refund', 'o-3', 12.5, 0],
      ['view_item_list', null, null, 1],
      ['select_item', null, null, 1],
      ['remove_from_cart', null, 15, 1],
    ])
  })

  it('rejects a refund without an order id', () => {
    const r = runPipeline(env([base('refund', { value: 10 })]), ctx())
    expect(r.events).toEqual([])
    expect(r.rejected.map((x) => x.reason)).toEqual(['invalid_event'])
  })

  it('rejects one bad event with a reason and keeps the rest of the batch', () => {
    const good = base('pageview')
    const r = runPipeline(env([good, { ...base('pageview'), ts: 'yesterday' }, { type: 'pageview' }]), ctx())
    expect(r.events.map((e) => e.id)).toEqual([good.id])
    expect(r.rejected.map((x) => x.reason)).toEqual(['invalid_event', 'missing_id'])
    expect(r.quarantine.map((q) => [q.site_id, q.reason])).toEqual([
      ['shop', 'invalid_event'],
      ['shop', 'missing_id'],
    ])
    expect(r.quarantine[0]?.detail).toBe('ts: Invalid input: expected number, received string')
  })

  it('counts a repeated event id as a duplicate', () => {
    const e = base('pageview')
    const r = runPipeline(env([e, e, { ...e, id: e.id.toUpperCase() }]), ctx())
    expect(r.events).toHaveLength(1)
    expect(r.duplicates).toBe(2)
  })

  it('a repeated event id with another timestamp is a duplicate too; the first copy is kept', () => {
    const e = base('pageview')
    const r = runPipeline(env([e, { ...e, ts: e.ts - 5_000 }]), ctx())
    expect(r.events.map((x) => [x.id, x.ts])).toEqual([[e.id, e.ts]])
    expect(r.duplicates).toBe(1)
  })

  it('without analytics consent rejects identify and keeps nothing of it, not even in quarantine', () => {
    const r = runPipeline(
      env([base('identify', { user_id: 'jane@example.com' }), base('pageview')]),
      ctx({
        consent: { analytics: false, marketing: false, vid: null, sid: null },
        vid: 'anon_0123456789abcdef01234567',
      }),
    )
    expect(r.rejected.map((x) => x.reason)).toEqual(['consent_required'])
    expect(r.quarantine[0]).toMatchObject({ reason: 'consent_required', payload: null })
    expect(r.events[0]).toMatchObject({ vid: 'anon_0123456789abcdef01234567', sid: null, marketing: 0 })
  })

  it('replaces timestamps from 1970 and 2100 by the receive time and keeps the skew', () => {
    const old = base('pageview', { ts: 0 })
    const future = base('pageview', { ts: Date.UTC(2100, 0, 1) })
    const r = runPipeline(env([old, future]), ctx())
    expect(r.events.map((e) => [e.ts, e.flags])).toEqual([
      [NOW, '["clock_skew"]'],
      [NOW, '["clock_skew"]'],
    ])
    expect(JSON.parse(r.events[0]?.props ?? '')).toEqual({ clock_skew_ms: -NOW })
    expect(JSON.parse(r.events[1]?.props ?? '')).toEqual({ clock_skew_ms: Date.UTC(2100, 0, 1) - NOW })
  })

  it('quarantines absurd values and rejects non-http URLs', () => {
    const r = runPipeline(
      env([
        base('purchase', { order_id: 'o', value: 5e6, currency: 'EUR' }),
        base('pageview', { url: 'javascript:alert(1)' }),
      ]),
      ctx(),
    )
    expect(r.events).toEqual([])
    expect(r.rejected.map((x) => x.reason)).toEqual(['value_out_of_range', 'invalid_url'])
    expect(r.quarantine.map((q) => q.reason)).toEqual(['value_out_of_range', 'invalid_url'])
  })

  it('keeps <script> and SQL as inert text in every string field, scrubbed and bounded', () => {
    const evil = `<script>alert(1)</script>'; DROP TABLE events;--`
    const events = [
      base('pageview', {
        url: `https://shop.example/${evil}?q=${encodeURIComponent(evil)}`,
        title: evil,
        referrer: `https://x.example/${evil}`,
      }),
      base('click', {
        tag: evil.slice(0, 32),
        text: evil,
        href: evil,
        kind: 'link',
        name: evil,
        props: { [evil]: evil },
      }),
      base('search', { query: evil }),
      base('custom', { name: evil, props: { k: evil } }),
      base('purchase', {
        order_id: evil,
        value: 1,
        currency: 'EUR',
        items: [{ id: evil, name: evil, category: evil, price: 1, quantity: 1 }],
      }),
      base('identify', { user_id: evil, traits: { name: evil } }),
    ]
    const r = runPipeline(env(events), ctx())
    expect(r.rejected).toEqual([])
    expect(r.events).toHaveLength(6)
    expect(r.events[0]?.title).toBe(evil)
    expect(r.events[0]?.url).toBe(
      "https://shop.example/%3Cscript%3Ealert(1)%3C/script%3E';%20DROP%20TABLE%20events;--?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%3B+DROP+TABLE+events%3B--",
    )
    expect(r.events[2]?.query).toBe(evil)
    expect(r.events[4]?.order_id).toBe(evil)
  })

  it('strips control characters and lone surrogates and truncates long fields', () => {
    const r = runPipeline(
      env([
        base('pageview', { title: `a\u0000b\uD800c${'x'.repeat(1_000)}` }),
        base('custom', { name: 'n', props: { k: 'y'.repeat(600) } }),
      ]),
      ctx(),
    )
    expect(r.events[0]?.title).toBe(`a bc${'x'.repeat(296)}`)
    expect(JSON.parse(r.events[1]?.props ?? '').props.k).toHaveLength(500)
  })

  it('marks click ids as paid and keeps utm tags', () => {
    const r = runPipeline(
      env([base('pageview', { url: 'https://shop.example/?utm_source=google&utm_campaign=bf&gclid=abc' })]),
      ctx(),
    )
    expect(r.events[0]).toMatchObject({
      url: 'https://shop.example/?utm_source=google&utm_campaign=bf',
      utm_source: 'google',
      utm_campaign: 'bf',
      medium: 'paid',
      source: 'google',
      flags: '["paid"]',
    })
  })

  it('collapses a double click into one and counts it as a duplicate', () => {
    const click = { tag: 'button', text: 'Add', kind: 'button' }
    const r = runPipeline(
      env([base('click', { ...click, ts: NOW - 1_000 }), base('click', { ...click, ts: NOW - 800 })]),
      ctx(),
    )
    expect(r.events).toHaveLength(1)
    expect(r.duplicates).toBe(1)
  })
})

describe('personal data out, whatever its type', () => {
  it('redacts numbers and booleans under sensitive keys, and names and addresses by their key', () => {
    const r = runPipeline(
      env([
        base('custom', {
          name: 'lead',
          props: {
            mobilePhone: 4917012345678,
            card_number: 4111111111111111,
            has_card: true,
            first_name: 'Ana',
            lastName: 'Lima',
            street: 'Hauptstraße 1',
            zip: 10115,
            // A product's name and plain numbers stay; so does a null, which holds nothing.
            product_name: 'Brass lamp',
            seats: 3,
            email: null,
            // A key is text too.
            'ana@example.com': 'yes',
          },
        }),
        base('identify', {
          user_id: 'u-42',
          traits: {
            name: 'Ana Lima',
            full_name: 'Ana Lima',
            postcode: 'SW1A 1AA',
            address_line1: '1 Main St',
            plan: 'pro',
          },
        }),
      ]),
      ctx(),
    )
    expect(r.rejected).toEqual([])
    expect(JSON.parse(r.events[0]?.props ?? '')).toEqual({
      props: {
        mobilePhone: '[redacted]',
        card_number: '[redacted]',
        has_card: '[redacted]',
        first_name: '[redacted]',
        lastName: '[redacted]',
        street: '[redacted]',
        zip: '[redacted]',
        product_name: 'Brass lamp',
        seats: 3,
        email: null,
        '[email]': 'yes',
      },
    })
    expect(JSON.parse(r.events[1]?.props ?? '')).toEqual({
      user_id: 'u-42',
      traits: {
        name: '[redacted]',
        full_name: '[redacted]',
        postcode: '[redacted]',
        address_line1: '[redacted]',
        plan: 'pro',
      },
    })
  })

  it('scrubs event names and item ids; an id that is a long number stays', () => {
    const r = runPipeline(
      env([
        base('custom', { name: 'signup ana@example.com' }),
        base('add_to_cart', {
          items: [
            { id: 'gift:ana@example.com', price: 5 },
            { id: '5123456789012', price: 5 },
          ],
        }),
        base('custom', { name: '\u0000\u0001' }),
      ]),
      ctx(),
    )
    expect(r.events[0]).toMatchObject({ name: 'signup [email]', props: null })
    expect(JSON.parse(r.events[1]?.props ?? '').items.map((i: { id: string }) => i.id)).toEqual([
      'gift:[email]',
      '5123456789012',
    ])
    expect(r.rejected.map((x) => x.reason)).toEqual(['invalid_event'])
    expect(r.quarantine[0]?.detail).toBe('name: empty after cleaning')
  })
})
