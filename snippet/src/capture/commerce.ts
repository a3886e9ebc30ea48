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

// biome-ignore lint/suspicious/noExplicitAny: dataLayer entries are whatever the site pushed
type Params = Record<string, any>

/** A non-negative finite number or undefined: NaN or a negative value would get the event rejected. */
const num = (v: unknown): number | undefined => {
  const n = Number.parseFloat(v as string)
  return n >= 0 && n < Infinity ? n : undefined
}

/** A GA4 or Heed item → wire item; items without an id are dropped. */
export function toItem(i: Params): Item | undefined {
  const id = i?.item_id ?? i?.id
  if (id != null && id !== '')
    return {
      id: `${id}`,
      name: i.item_name ?? i.name,
      category: i.item_category ?? i.category,
      price: num(i.price),
      quantity: Math.round(num(i.quantity) as number) || undefined,
    }
}

/** A GA4 ecommerce event → a Heed event draft; undefined when we don't track it or a purchase has no order id. */
export function fromGa(name: string, p: Params = {}): Draft | undefined {
  const items = (Array.isArray(p.items) ? p.items : []).map(toItem).filter(Boolean) as Item[]
  // Without a value, the items' total.
  const value = num(p.value) ?? items.reduce((s, i) => s + (i.price || 0) * (i.quantity || 1), 0)
  const currency = p.currency?.toUpperCase?.()
  const order = p.transaction_id ?? p.order_id
  if (name === 'purchase') {
    if (order != null && order !== '') return { type: name, order_id: `${order}`, items, value, currency }
  } else if (/^(view_item|add_to_cart|begin_checkout)$/.test(name))
    return { type: name as 'view_item', items, value, currency }
}

/** One dataLayer entry: an object with `event`, or gtag's Arguments `['event', name, params]`. */
function handleEntry(entry: Params): void {
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
    const dl = (window as Params).dataLayer
    const push = dl.push
    dl.forEach(handleEntry)
    dl.push = (...entries: Params[]) => {
      const r = push.apply(dl, entries)
      entries.forEach(handleEntry)
      return r
    }
  } catch {}
}
