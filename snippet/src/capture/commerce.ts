/**
 * Purchases and funnel steps, from `heed('purchase', …)` and from GA4-style dataLayer ecommerce events:
 * `{ event: 'purchase', ecommerce: { transaction_id, value, currency, items } }` and gtag's
 * `['event', 'purchase', { … }]`; also `search` / `view_search_results` with `search_term`.
 * The dataLayer is observed by wrapping its push after replaying what it already holds; the wrapper returns
 * what the original returned and swallows its own errors, so GTM and gtag keep working.
 */
import type { Item } from '../../../worker/src/protocol'
import { type Draft, emit } from '../emit'
import { search } from './search'

type Params = Record<string, any>

/** A finite number or undefined: NaN would get the whole event rejected by the worker. */
const num = (v: unknown): number | undefined => {
  const n = Number.parseFloat(v as string)
  return Number.isFinite(n) ? n : undefined
}

/** A GA4 or Heed item → wire item; items without an id are dropped. */
export const toItem = (i: Params): Item | undefined =>
  (i?.item_id ?? i?.id ?? '') === ''
    ? undefined
    : {
        id: String(i.item_id ?? i.id),
        name: i.item_name ?? i.name,
        category: i.item_category ?? i.category,
        price: num(i.price),
        quantity: Math.round(num(i.quantity) as number) || undefined,
      }

/** A GA4 ecommerce event → a Heed event draft; undefined when we don't track it or it has no order id. */
export function fromGa(name: string, p: Params = {}): Draft | undefined {
  const items = (Array.isArray(p.items) ? p.items : []).map(toItem).filter(Boolean) as Item[]
  const currency = p.currency?.toUpperCase?.()
  const order = p.transaction_id ?? p.order_id ?? ''
  // A purchase without a value is worth its items.
  const value =
    num(p.value) ??
    (name === 'purchase' ? items.reduce((s, i) => s + (i.price || 0) * (i.quantity || 1), 0) : undefined)
  if (name === 'purchase')
    return order === ''
      ? undefined
      : { type: name, order_id: String(order), items, value: value as number, currency }
  if (/^(view_item|add_to_cart|begin_checkout)$/.test(name))
    return { type: name as 'view_item', items, value, currency }
}

/** One dataLayer entry: an object with `event`, or gtag's Arguments `['event', name, params]`. */
export function handleEntry(entry: any): void {
  try {
    const gtag = entry[0] === 'event'
    const name = gtag ? entry[1] : entry.event
    const p: Params = (gtag ? entry[2] : entry.ecommerce || entry) || {}
    if (/^(view_)?search(_results)?$/.test(name)) search(p.search_term ?? entry.search_term)
    else {
      const d = fromGa(name, p)
      d && emit(d)
    }
  } catch {}
}

export function watchDataLayer(): void {
  try {
    const dl = (window as any).dataLayer
    if (!Array.isArray(dl)) return
    dl.forEach(handleEntry)
    const push = dl.push
    dl.push = function (...entries: unknown[]) {
      const r = push.apply(this, entries)
      entries.forEach(handleEntry)
      return r
    }
  } catch {}
}
