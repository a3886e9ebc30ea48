import { describe, expect, it } from 'vitest'
import { ingestSettingsSchema } from '../site/settings'
import { capVisibleMs, checkMoney } from './clean'

const limits = ingestSettingsSchema.parse({})
const item = (price: number | null, quantity: number | null) => ({
  id: 'sku',
  name: null,
  category: null,
  price,
  quantity,
})

describe('checkMoney', () => {
  it('fills a missing currency with the site default and flags it', () => {
    expect(checkMoney({ value: 10, currency: null, items: [] }, 'EUR', limits)).toEqual({
      ok: true,
      flags: ['default_currency'],
      currency: 'EUR',
    })
    expect(checkMoney({ value: 10, currency: 'usd', items: [] }, 'EUR', limits)).toEqual({
      ok: true,
      flags: [],
      currency: 'USD',
    })
  })

  it('quarantines absurd values and prices', () => {
    expect(checkMoney({ value: 1_000_001, currency: 'EUR', items: [] }, 'EUR', limits)).toMatchObject({
      ok: false,
      reason: 'value_out_of_range',
    })
    expect(
      checkMoney({ value: 5, currency: 'EUR', items: [item(2e6, 1)] }, 'EUR', {
        ...limits,
        maxOrderValue: 1e6,
      }),
    ).toMatchObject({
      ok: false,
      reason: 'value_out_of_range',
    })
  })

  it('flags a value far from Σ price × quantity, not a small gap', () => {
    // 2 × 20 + 1 × 10 = 50; value 55 (shipping) is within 50 % of 55; value 500 is not.
    expect(
      checkMoney({ value: 55, currency: 'EUR', items: [item(20, 2), item(10, 1)] }, 'EUR', limits),
    ).toEqual({
      ok: true,
      flags: [],
      currency: 'EUR',
    })
    expect(
      checkMoney({ value: 500, currency: 'EUR', items: [item(20, 2), item(10, 1)] }, 'EUR', limits),
    ).toEqual({
      ok: true,
      flags: ['value_mismatch'],
      currency: 'EUR',
    })
  })

  it('reads thresholds from the site settings', () => {
    const strict = ingestSettingsSchema.parse({ maxOrderValue: 100 })
    expect(checkMoney({ value: 101, currency: 'EUR', items: [] }, 'EUR', strict).ok).toBe(false)
  })
})

describe('capVisibleMs', () => {
  it('caps engagement time beyond the limit', () => {
    expect(capVisibleMs(1_000.4, limits)).toEqual({ visibleMs: 1_000, flag: null })
    expect(capVisibleMs(5 * 60 * 60 * 1000, limits)).toEqual({
      visibleMs: 4 * 60 * 60 * 1000,
      flag: 'visible_ms_capped',
    })
  })
})
