import { describe, expect, it } from 'vitest'
import { associationRules } from './associations'

describe('association rules', () => {
  // 5 orders: A in 3, B in 3, C in 2, D in 1; A+B in 2, A+C in 2, B+C in 1.
  const baskets = [['A', 'B'], ['A', 'B', 'C'], ['A', 'C'], ['B'], ['D', 'D']]

  it('computes support, confidence and lift by hand-checked counts', () => {
    const rules = associationRules(baskets, { minSupport: 0.3, minConfidence: 0, limit: 10 })
    expect(rules).toEqual([
      // C → A: 2/2 = 1 confidence; lift 1 / (3/5)
      { antecedent: 'C', consequent: 'A', orders: 2, support: 0.4, confidence: 1, lift: 1.6667 },
      // A → C: 2/3; lift (2/3) / (2/5)
      { antecedent: 'A', consequent: 'C', orders: 2, support: 0.4, confidence: 0.6667, lift: 1.6667 },
      // A → B and B → A: 2/3; lift (2/3) / (3/5)
      { antecedent: 'A', consequent: 'B', orders: 2, support: 0.4, confidence: 0.6667, lift: 1.1111 },
      { antecedent: 'B', consequent: 'A', orders: 2, support: 0.4, confidence: 0.6667, lift: 1.1111 },
    ])
  })

  it('applies the confidence floor and the limit', () => {
    const rules = associationRules(baskets, { minSupport: 0.1, minConfidence: 0.5, limit: 3 })
    // B → C has confidence 1/3 and is dropped; C → B (1/2) stays but ranks below the lift-1.67 rules.
    expect(rules.map((r) => `${r.antecedent}>${r.consequent}`)).toEqual(['C>A', 'A>C', 'A>B'])
    expect(associationRules([], { minSupport: 0, minConfidence: 0, limit: 5 })).toEqual([])
  })

  it('breaks ties by antecedent, then consequent: "ab" → "c" is not tied with "a" → "bc"', () => {
    // Every pair is bought together in every order, so all six rules tie on lift, confidence and support.
    const tied = [['a', 'ab', 'bc', 'c']].flatMap((b) => [b, b])
    const order = (baskets: string[][]) =>
      associationRules(baskets, { minSupport: 0, minConfidence: 0, limit: 20 })
        .filter((r) => ['a', 'ab'].includes(r.antecedent) && ['bc', 'c'].includes(r.consequent))
        .map((r) => `${r.antecedent}→${r.consequent}`)
    expect(order(tied)).toEqual(['a→bc', 'a→c', 'ab→bc', 'ab→c'])
    // The same rules in any input order come out in the same order.
    expect(order(tied.map((b) => [...b].reverse()))).toEqual(['a→bc', 'a→c', 'ab→bc', 'ab→c'])
  })
})
