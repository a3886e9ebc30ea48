import { describe, expect, it } from 'vitest'
import { extractFeatures, type VisitorFeatures } from './features'
import { interestsOf, lifecycleOf, purchaseIntentOf, rulesProfile, segmentOf } from './rules'

const base = extractFeatures([], [], { now: 0, timezone: 'UTC', categoryPatterns: {} })
const f = (over: Partial<VisitorFeatures>): VisitorFeatures => ({ ...base, ...over })

describe('lifecycleOf', () => {
  it('follows the documented thresholds', () => {
    expect(lifecycleOf(f({ sessions: 1, pageviews: 2 }))).toBe('new')
    expect(lifecycleOf(f({ sessions: 2, pageviews: 2 }))).toBe('engaged')
    expect(lifecycleOf(f({ sessions: 3, recencyDays: 91 }))).toBe('churned')
    expect(lifecycleOf(f({ orders: 1, recencyDays: 10 }))).toBe('first_time_buyer')
    expect(lifecycleOf(f({ orders: 3, recencyDays: 60 }))).toBe('repeat_buyer')
    expect(lifecycleOf(f({ orders: 4, recencyDays: 0 }))).toBe('loyal')
    expect(lifecycleOf(f({ orders: 9, recencyDays: 61 }))).toBe('at_risk')
    expect(lifecycleOf(f({ orders: 9, recencyDays: 121 }))).toBe('churned')
  })
})

describe('segments and interests', () => {
  it('maps an archetype onto a configured segment by keyword, else the persona', () => {
    const bargain = f({ discountShare: 0.5, orders: 2 })
    expect(segmentOf(bargain, ['VIP', 'Deal lovers'])).toBe('Deal lovers')
    expect(segmentOf(bargain, ['VIP', 'Everyone'], 'Persona A')).toBe('Persona A')
    expect(segmentOf(bargain, [], 'Persona A')).toBe('Persona A')
    expect(segmentOf(bargain, [])).toBe('Bargain hunter')
  })

  it('weighs bought 5, added 3, viewed 1 and never names a sensitive category', () => {
    const v = f({
      categories: { viewed: { shoes: 4, 'health supplements': 9 }, added: { socks: 1 }, bought: { hats: 1 } },
    })
    // shoes 4, socks 3, hats 5 → hats 1, shoes 0.8, socks 0.6; "health supplements" is dropped
    expect(interestsOf(v)).toEqual([
      { topic: 'hats', score: 1 },
      { topic: 'shoes', score: 0.8 },
      { topic: 'socks', score: 0.6 },
    ])
  })

  it('decays purchase intent with silence', () => {
    // activity 0.1 + 0.15·2 + 0.2 = 0.6, then × e^(−30/30)
    expect(purchaseIntentOf(f({ cartAdds: 2, checkouts: 1 }))).toBe(0.6)
    expect(purchaseIntentOf(f({ cartAdds: 2, checkouts: 1, recencyDays: 30 }))).toBe(
      Math.round(0.6 * Math.exp(-1) * 100) / 100,
    )
  })

  it('produces a complete profile', () => {
    const p = rulesProfile(f({ orders: 5, revenue: 600, sessions: 8, channels: { email: 5, direct: 3 } }), [])
    expect(p).toMatchObject({
      segment: 'Loyal buyer',
      lifecycle: 'loyal',
      priceSensitivity: 'low',
      preferredChannel: 'email',
    })
    expect(p.summary).toContain('5 orders')
  })
})
