/**
 * Frequently bought together: association rules A → B between single products from order
 * baskets. support = share of orders holding both; confidence = share of orders with A that
 * also hold B; lift = confidence ÷ share of orders with B (> 1: bought together more than chance).
 */
export interface Rule {
  antecedent: string
  consequent: string
  orders: number
  support: number
  confidence: number
  lift: number
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

export function associationRules(
  baskets: string[][],
  opts: { minSupport: number; minConfidence: number; limit: number },
): Rule[] {
  const n = baskets.length
  if (n === 0) return []
  const single = new Map<string, number>()
  const pairs = new Map<string, number>()
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort()
    for (const a of items) single.set(a, (single.get(a) ?? 0) + 1)
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        const key = JSON.stringify([items[i], items[j]])
        pairs.set(key, (pairs.get(key) ?? 0) + 1)
      }
  }
  const rules: Rule[] = []
  for (const [key, both] of pairs) {
    const support = both / n
    if (support < opts.minSupport) continue
    const [x, y] = JSON.parse(key) as [string, string]
    for (const [a, b] of [
      [x, y],
      [y, x],
    ] as const) {
      const confidence = both / single.get(a)!
      if (confidence < opts.minConfidence) continue
      rules.push({
        antecedent: a,
        consequent: b,
        orders: both,
        support: round(support),
        confidence: round(confidence),
        lift: round(confidence / (single.get(b)! / n)),
      })
    }
  }
  rules.sort(
    (r, s) =>
      s.lift - r.lift ||
      s.confidence - r.confidence ||
      s.support - r.support ||
      (r.antecedent + r.consequent < s.antecedent + s.consequent ? -1 : 1),
  )
  return rules.slice(0, opts.limit)
}
