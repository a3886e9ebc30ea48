import type { IngestSettings } from '../site/settings'
import type { CleanItem } from './props'

export interface Money {
  value: number | null
  currency: string | null
  items: CleanItem[]
}

export type Verdict =
  | { ok: true; flags: string[]; currency: string | null }
  | { ok: false; reason: 'value_out_of_range'; detail: string }

/**
 * Missing values and outliers in commerce events: no currency → the site's default (flagged),
 * a value or price above the site's limit → quarantined, Σ price × quantity far from the value →
 * flagged value_mismatch (discounts, tax and shipping make small gaps normal).
 */
export function checkMoney(money: Money, defaultCurrency: string, limits: IngestSettings): Verdict {
  const flags: string[] = []
  let currency = money.currency?.toUpperCase() ?? null
  if ((money.value !== null || money.items.length > 0) && !currency) {
    currency = defaultCurrency
    flags.push('default_currency')
  }
  if (money.value !== null && money.value > limits.maxOrderValue)
    return {
      ok: false,
      reason: 'value_out_of_range',
      detail: `value ${money.value} > ${limits.maxOrderValue}`,
    }
  let sum = 0
  let priced = false
  for (const item of money.items) {
    if (item.price === null) continue
    if (item.price > limits.maxOrderValue)
      return {
        ok: false,
        reason: 'value_out_of_range',
        detail: `item ${item.id} price ${item.price} > ${limits.maxOrderValue}`,
      }
    sum += item.price * (item.quantity ?? 1)
    priced = true
  }
  if (priced && money.value !== null) {
    const larger = Math.max(sum, money.value)
    if (larger > 0 && Math.abs(sum - money.value) > limits.valueMismatchRatio * larger)
      flags.push('value_mismatch')
  }
  return { ok: true, flags, currency }
}

/** Engagement beyond the site's limit (a tab left open for days) is capped and flagged. */
export function capVisibleMs(
  visibleMs: number,
  limits: IngestSettings,
): { visibleMs: number; flag: string | null } {
  if (visibleMs > limits.maxVisibleMs) return { visibleMs: limits.maxVisibleMs, flag: 'visible_ms_capped' }
  return { visibleMs: Math.round(visibleMs), flag: null }
}
