import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { siteSettingsSchema } from '../site/settings'
import { EVENT_TYPES } from '../protocol'
import { parseEnvelope } from './parse'
import { runPipeline } from './pipeline'

const NOW = Date.UTC(2026, 10, 28, 12)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

// Strings that hurt: control characters, lone surrogates, markup, SQL, PII, huge numbers as text.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\uD800',
    '\uDFFF',
    '<script>alert(1)</script>',
    "'; DROP TABLE events;--",
    'jane@example.com',
    '4111 1111 1111 1111',
    'Cafe\u0301',
    '1e309',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
)
const scalar = fc.oneof(nasty, fc.double(), fc.integer(), fc.boolean(), fc.constant(null))
const anyValue = fc.oneof(scalar, fc.jsonValue({ maxDepth: 4 }), fc.array(scalar, { maxLength: 3 }))

const eventArb = fc.oneof(
  // Mostly well-formed events with hostile field values…
  fc.record(
    {
      id: fc.oneof(fc.uuid(), nasty, fc.constant(undefined)),
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), nasty),
      ts: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double(), nasty),
      url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), nasty),
      title: anyValue,
      referrer: anyValue,
      visible_ms: anyValue,
      scroll_pct: fc.oneof(fc.integer({ min: 0, max: 100 }), anyValue),
      tag: fc.oneof(fc.constantFrom('a', 'button'), nasty),
      kind: fc.oneof(fc.constantFrom('link', 'outbound', 'download', 'tagged', 'button'), nasty),
      query: anyValue,
      order_id: anyValue,
      value: fc.oneof(fc.double({ min: 0, max: 2e6, noNaN: true }), anyValue),
      currency: fc.oneof(fc.constantFrom('EUR', 'usd'), anyValue),
      items: fc.oneof(
        fc.array(fc.record({ id: nasty, price: scalar, quantity: scalar }), { maxLength: 3 }),
        anyValue,
      ),
      name: anyValue,
      user_id: anyValue,
      props: fc.oneof(fc.dictionary(nasty, scalar, { maxKeys: 5 }), anyValue),
      traits: fc.oneof(fc.dictionary(nasty, scalar, { maxKeys: 5 }), anyValue),
    },
    { requiredKeys: [] },
  ),
  // …and anything at all.
  anyValue,
)

// Weighted so most envelopes pass the envelope check and exercise the per-event pipeline.
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: bad, weight: 1 })
const envelopeArb = mostly(
  fc.record(
    {
      v: mostly(fc.constant(1), anyValue),
      site: mostly(fc.constant('shop'), anyValue),
      vid: mostly(fc.uuid(), anyValue),
      consent: mostly(fc.record({ analytics: fc.boolean(), marketing: fc.boolean() }), anyValue),
      events: mostly(fc.array(eventArb, { minLength: 1, maxLength: 12 }), anyValue),
    },
    { requiredKeys: ['v', 'site', 'consent', 'events'] },
  ),
  anyValue,
)

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out)
  return out
}

describe('parser and pipeline under generated envelopes', () => {
  it('never throw, account for every event, and store only clean bounded text', () => {
    const settings = siteSettingsSchema.parse({})
    fc.assert(
      fc.property(envelopeArb, (candidate) => {
        const text = JSON.stringify(candidate) ?? 'undefined'
        const parsed = parseEnvelope(text)
        if (!parsed.ok) {
          expect(['invalid_json', 'invalid_envelope']).toContain(parsed.error.code)
          return
        }
        const analytics = parsed.envelope.consent.analytics
        const r = runPipeline(parsed.envelope, {
          site: { id: 'shop', currency: 'EUR', settings },
          receivedAt: NOW,
          facts: { country: null, region: null, city: null, device: null, browser: null, os: null },
          consent: { analytics, marketing: false, vid: analytics ? 'a'.repeat(22) : null, sid: null },
          vid: 'a'.repeat(22),
        })
        expect(r.events.length + r.rejected.length + r.duplicates).toBe(parsed.envelope.events.length)
        expect(r.quarantine.length).toBe(r.rejected.length)
        for (const row of r.events) {
          expect(row.url.length).toBeLessThanOrEqual(2_000)
          expect((row.title ?? '').length).toBeLessThanOrEqual(300)
          expect(Math.abs(row.ts - NOW)).toBeLessThanOrEqual(24 * 60 * 60 * 1000)
          for (const s of strings(row)) {
            expect(LONE_SURROGATE.test(s)).toBe(false)
            expect(CONTROL.test(s)).toBe(false)
          }
          if (!analytics) expect(row.type).not.toBe('identify')
        }
        for (const q of r.quarantine) expect((q.payload ?? '').length).toBeLessThanOrEqual(2_000)
      }),
      { numRuns: 2_000 },
    )
  }, 180_000)
})
