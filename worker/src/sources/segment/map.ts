import { sanitizeProps } from '../../ingest/props'
import { LIMITS, type WireEvent } from '../../protocol'
import type { SegmentMessage } from './message'

/**
 * Segment spec messages → Heed protocol events, so server-sent searches and purchases are the same
 * first-class rows as the snippet's. The result goes through the ingest pipeline's own validation
 * and sanitizing like any browser event.
 *
 * Ecommerce spec (https://segment.com/docs/connections/spec/ecommerce/v2/):
 *   Products Searched → search · Product List Viewed → view_item_list · Product Clicked →
 *   select_item · Product Viewed → view_item · Product Added → add_to_cart · Product Removed →
 *   remove_from_cart · Checkout Started → begin_checkout · Order Completed → purchase ·
 *   Order Refunded → refund (whole without products or total) · any other track → custom.
 * page → pageview · screen → pageview of app://screen · identify → identify (with a userId) or
 * custom "identify" (anonymous traits) · group → custom "group" with props `group_id` and the group's
 * flat traits (what an account-level tool reads back from the raw export) · alias carries no event
 * (it only stitches).
 */

/** Page URL for server events that name none: a reserved host, so reports can tell them apart. */
export const SERVER_URL = 'https://server.invalid/'

type Obj = Record<string, unknown>
const asObj = (v: unknown): Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {}
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== ''
    ? v
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : undefined
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

type SpecType =
  | 'search'
  | 'view_item_list'
  | 'select_item'
  | 'view_item'
  | 'add_to_cart'
  | 'remove_from_cart'
  | 'begin_checkout'
  | 'purchase'
  | 'refund'
const SPEC: Record<string, SpecType> = {
  productssearched: 'search',
  productlistviewed: 'view_item_list',
  productclicked: 'select_item',
  productviewed: 'view_item',
  productadded: 'add_to_cart',
  productremoved: 'remove_from_cart',
  checkoutstarted: 'begin_checkout',
  ordercompleted: 'purchase',
  orderrefunded: 'refund',
}
/** "Order Completed", "order_completed" and "orderCompleted" are the same spec event. */
export const specTypeOf = (event: string) => SPEC[event.toLowerCase().replace(/[\s_-]/g, '')]

/** Trait and property names that carry contact details: never stored as props. */
export const CONTACT_KEYS = new Set(['email', 'phone', 'mobile', 'phone_number', 'phoneNumber'])

/** Flat scalar props (nested objects, arrays and contact fields dropped), at most the protocol's limit. */
export function flatProps(
  source: Obj,
  skip: Set<string> = CONTACT_KEYS,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  for (const [k, v] of Object.entries(source)) {
    if (Object.keys(out).length >= LIMITS.maxPropsPerEvent) break
    if (skip.has(k) || k.length === 0 || k.length > 100) continue
    if (typeof v === 'string') out[k] = v.slice(0, 500)
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || v === null) out[k] = v
  }
  return out
}

function item(p: Obj) {
  const id = str(p.product_id) ?? str(p.sku) ?? str(p.id)
  if (!id) return null
  const out: { id: string; name?: string; category?: string; price?: number; quantity?: number } = { id }
  const name = str(p.name)
  if (name) out.name = name
  const category = str(p.category)
  if (category) out.category = category
  const price = num(p.price)
  if (price !== undefined && price >= 0) out.price = price
  const quantity = num(p.quantity)
  if (quantity !== undefined && Number.isInteger(quantity) && quantity > 0) out.quantity = quantity
  return out
}

function items(props: Obj) {
  const list = Array.isArray(props.products) ? props.products : [props]
  return list
    .map((p) => item(asObj(p)))
    .filter((i): i is NonNullable<typeof i> => i !== null)
    .slice(0, LIMITS.maxItemsPerEvent)
}

function money(props: Obj) {
  const currency = str(props.currency)
  return { currency: currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : undefined }
}

export interface MapContext {
  id: string
  ts: number
}

export type Mapped = { ok: true; event: WireEvent | null } | { ok: false; reason: string; detail: string }

export function toHeedEvent(m: SegmentMessage, ctx: MapContext): Mapped {
  const props = asObj(m.properties)
  const context = asObj(m.context)
  const page = asObj(context.page)
  const url = str(props.url) ?? str(page.url) ?? SERVER_URL
  const base = { id: ctx.id, ts: ctx.ts, url }

  switch (m.type) {
    case 'page':
      return {
        ok: true,
        event: {
          ...base,
          type: 'pageview',
          title: str(props.title) ?? str(page.title) ?? str(m.name) ?? null,
          referrer: str(props.referrer) ?? str(page.referrer) ?? null,
        },
      }
    case 'screen': {
      const name = str(m.name) ?? str(props.name) ?? 'screen'
      return {
        ok: true,
        event: {
          ...base,
          url: `${SERVER_URL}screen/${encodeURIComponent(name).slice(0, 200)}`,
          type: 'pageview',
          title: name,
          referrer: null,
        },
      }
    }
    case 'identify': {
      const traits = flatProps({ ...asObj(context.traits), ...asObj(m.traits) })
      const userId = str(m.userId)
      if (userId) return { ok: true, event: { ...base, type: 'identify', user_id: userId, traits } }
      // Without a userId the traits become a custom event's props, which the pipeline reads like any
      // event's; what marks personal data only in traits (a bare `name`) is redacted here.
      return {
        ok: true,
        event: { ...base, type: 'custom', name: 'identify', props: sanitizeProps(traits, { traits: true }) },
      }
    }
    case 'group': {
      const groupId = str(m.groupId)
      if (!groupId) return { ok: false, reason: 'invalid_event', detail: 'group needs a groupId' }
      // group_id first, so a full set of traits drops a trait rather than the group's id.
      const props = flatProps({ group_id: groupId, ...asObj(m.traits) })
      props.group_id = groupId
      return { ok: true, event: { ...base, type: 'custom', name: 'group', props } }
    }
    case 'alias':
      return { ok: true, event: null }
    case 'track': {
      const name = str(m.event)
      if (!name) return { ok: false, reason: 'invalid_event', detail: 'track needs an event name' }
      const spec = specTypeOf(name)
      if (spec === 'search') {
        const query = str(props.query)
        if (!query)
          return { ok: false, reason: 'invalid_event', detail: 'Products Searched needs properties.query' }
        const results = num(props.results)
        return {
          ok: true,
          event: {
            ...base,
            type: 'search',
            query,
            results: results !== undefined && Number.isInteger(results) && results >= 0 ? results : null,
          },
        }
      }
      if (spec === 'purchase') {
        const list = items(props)
        // Without any of them the protocol values the order at its items, as for the web (protocol/index.ts).
        const value = num(props.total) ?? num(props.revenue) ?? num(props.value)
        const orderId = str(props.order_id) ?? str(props.orderId) ?? str(props.checkout_id)
        if (!orderId)
          return { ok: false, reason: 'invalid_event', detail: 'Order Completed needs properties.order_id' }
        return {
          ok: true,
          event: { ...base, type: 'purchase', order_id: orderId, value, items: list, ...money(props) },
        }
      }
      if (spec === 'refund') {
        const orderId = str(props.order_id) ?? str(props.orderId)
        if (!orderId)
          return { ok: false, reason: 'invalid_event', detail: 'Order Refunded needs properties.order_id' }
        const value = num(props.total) ?? num(props.value) ?? num(props.revenue)
        return {
          ok: true,
          event: {
            ...base,
            type: 'refund',
            order_id: orderId,
            items: items(props),
            ...(value === undefined ? {} : { value }),
            ...money(props),
          },
        }
      }
      if (spec) {
        const list = items(props)
        const value = num(props.value) ?? num(props.revenue) ?? num(props.total) ?? num(props.price)
        return {
          ok: true,
          event: {
            ...base,
            type: spec,
            items: list,
            ...(value === undefined ? {} : { value }),
            ...money(props),
          },
        }
      }
      return { ok: true, event: { ...base, type: 'custom', name, props: flatProps(props) } }
    }
  }
}
