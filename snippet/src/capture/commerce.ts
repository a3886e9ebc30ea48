/**
 * Purchases and funnel steps, from `heed('purchase', …)` and from GA4-style dataLayer ecommerce events:
 * `{ event: 'purchase', ecommerce: { transaction_id, value, currency, items } }` and gtag's
 * `['event', 'purchase', { … }]`; also `search` / `view_search_results` with `search_term`.
 * Fields are forwarded as the page wrote them: the worker's protocol accepts GA4's names and numbers written as
 * strings, fills in a missing value from the items, and rejects what it can't use with a reason (quarantine),
 * so none of that normalizing ships to browsers.
 * The dataLayer is observed by wrapping its push; the wrapper returns what the original returned and swallows
 * its own errors, so GTM and gtag keep working.
 */
import type { Draft } from '../emit'
import { emit } from './host'
import { search } from './search'

// biome-ignore lint/suspicious/noExplicitAny: dataLayer entries are whatever the site pushed
type Params = Record<string, any>

/** A purchase or funnel step: `order_id` may also be GA4's `transaction_id`. */
export function commerce(type: string, p: Params): void {
  if (!/^(purchase|view_item|add_to_cart|begin_checkout)$/.test(type)) return
  const draft = {
    type,
    order_id: p.order_id ?? p.transaction_id,
    items: p.items,
    value: p.value,
    currency: p.currency,
  } as Draft
  // Throws (to the caller's catch) for what JSON cannot carry, a bigint or a cycle: such an event would make
  // every later batch fail to serialize, so it is dropped here.
  JSON.stringify(draft)
  emit(draft)
}

/** One dataLayer entry: an object with `event`, or gtag's Arguments `['event', name, params]`. */
function handleEntry(entry: Params): void {
  try {
    const gtag = entry[0] === 'event'
    const name = gtag ? entry[1] : entry.event
    const p: Params = (gtag ? entry[2] : entry.ecommerce || entry) || {}
    ;/^(view_)?search(_results)?$/.test(name) ? search(p.search_term ?? entry.search_term) : commerce(name, p)
  } catch {}
}

/** `early`: consent stood when the page loaded, so what the dataLayer already holds is replayed first. */
export function watchDataLayer(early: boolean): void {
  try {
    const dl = (window as Params).dataLayer
    const push = dl.push
    early && dl.forEach(handleEntry)
    dl.push = (...entries: Params[]) => {
      const r = push.apply(dl, entries)
      entries.forEach(handleEntry)
      return r
    }
  } catch {}
}
