import { describe, expect, it } from 'vitest'
import { capToTokens, estimateTokens, MAX_VISITOR_TOKENS } from './tokens'

describe('estimateTokens', () => {
  it('counts letters in fours, digits in threes and every other mark alone', () => {
    expect(estimateTokens('hello world')).toBe(4) // hell|o|worl|d
    expect(estimateTokens('{"a":12345}')).toBe(8) // { " a " : 123 45 }
    expect(estimateTokens('')).toBe(0)
  })
})

describe('capToTokens', () => {
  const big = {
    orders: 3,
    revenue: 155.5,
    searchTerms: Array.from({ length: 40 }, (_, i) => `a rather long search phrase number ${i}`),
    products: {
      viewed: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`product name ${i}`, 40 - i])),
    },
  }

  it('shortens lists then strings until the JSON fits, leaving numbers alone', () => {
    const { value, tokens } = capToTokens(big, [
      { path: ['products', 'viewed'], kind: 'record' },
      { path: ['searchTerms'], kind: 'array' },
    ])
    expect(estimateTokens(JSON.stringify(value))).toBe(tokens)
    expect(tokens).toBeLessThanOrEqual(MAX_VISITOR_TOKENS)
    expect(value.orders).toBe(3)
    expect(value.revenue).toBe(155.5)
    // the highest counts survive: records are trimmed from their end
    expect(Object.keys(value.products.viewed)[0]).toBe('product name 0')
    expect(big.searchTerms).toHaveLength(40) // the input is not mutated
  })

  it('halves the longest strings when shortening lists is not enough', () => {
    const { value, tokens } = capToTokens({ orders: 2, note: 'word '.repeat(2000) }, [])
    expect(tokens).toBeLessThanOrEqual(MAX_VISITOR_TOKENS)
    expect(value.orders).toBe(2)
    expect(value.note.length).toBeGreaterThan(100)
  })

  it('leaves a payload under the cap untouched', () => {
    const small = { orders: 1, searchTerms: ['boots'] }
    expect(capToTokens(small, [{ path: ['searchTerms'], kind: 'array' }])).toEqual({
      value: small,
      tokens: estimateTokens(JSON.stringify(small)),
    })
  })
})
