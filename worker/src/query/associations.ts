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
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

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
      byText(r.antecedent, s.antecedent) ||
      byText(r.consequent, s.consequent),
  )
  return rules.slice(0, opts.limit)
}

/** Baskets read per request: bounds memory and D1 rows read on very large shops. */
export const MAX_BASKETS = 50_000

/**
 * Association rules mined from a site's orders in [start, end): at most the newest MAX_BASKETS
 * orders, each a basket of its distinct product names (or ids).
 */
export async function productAssociations(
  d1: D1Database,
  siteId: string,
  start: number,
  end: number,
  opts: { minSupport: number; minConfidence: number; limit: number },
) {
  // One row per order, via the orders_site_ts index.
  const { results } = await d1
    .prepare(
      `SELECT (SELECT json_group_array(DISTINCT coalesce(i.value ->> '$.name', i.value ->> '$.id'))
               FROM json_each(CASE WHEN json_valid(o.items) THEN o.items ELSE '[]' END) i) AS items
       FROM orders o WHERE o.site_id = ? AND o.ts >= ? AND o.ts < ? ORDER BY o.ts DESC LIMIT ?`,
    )
    .bind(siteId, start, end, MAX_BASKETS + 1)
    .all<{ items: string }>()
  const baskets = results
    .slice(0, MAX_BASKETS)
    .map((r) => (JSON.parse(r.items) as (string | null)[]).filter((x) => x !== null))
  return {
    /** Orders the rules were mined from. */
    orders: baskets.length,
    /** The period held more orders than were read. */
    truncated: results.length > MAX_BASKETS,
    rules: associationRules(baskets, opts),
  }
}
