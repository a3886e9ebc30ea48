import { seededRandom } from '../src/profiling/cluster'
import type { EventInput, OrderInput } from '../src/profiling/features'
import type { Lifecycle } from '../src/profiling/schema'

/**
 * A planted synthetic cohort for tests and the bench: visitors generated from five known
 * personas, with the lifecycle and segment a correct profiler must recover. The generator
 * describes behaviour only (pages, searches, carts, orders); nothing in it reads the rules.
 */
export const PLANTED = {
  bargain: { segment: 'Bargain hunter', lifecycle: 'repeat_buyer' },
  loyal: { segment: 'Loyal buyer', lifecycle: 'loyal' },
  researcher: { segment: 'Researcher', lifecycle: 'engaged' },
  gift: { segment: 'Gift buyer', lifecycle: 'first_time_buyer' },
  churned: { segment: 'Lapsed customer', lifecycle: 'churned' },
} as const satisfies Record<string, { segment: string; lifecycle: Lifecycle }>

export type PersonaKey = keyof typeof PLANTED
export const PERSONA_KEYS = Object.keys(PLANTED) as PersonaKey[]

export type CohortEvent = EventInput & { vid: string; id: string }
export type CohortOrder = OrderInput & { vid: string; source: string | null }

export interface CohortVisitor {
  vid: string
  persona: PersonaKey
  events: CohortEvent[]
  orders: CohortOrder[]
}

const DAY = 86_400_000
const MIN = 60_000

export function generateCohort(options: { perPersona: number; now: number; seed?: number; prefix?: string }) {
  const random = seededRandom(options.seed ?? 7)
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const visitors: CohortVisitor[] = []
  let counter = 0

  for (const persona of PERSONA_KEYS) {
    for (let n = 0; n < options.perPersona; n++) {
      const vid = `${options.prefix ?? 'c'}-${persona}-${n}`
      const events: CohortEvent[] = []
      const orders: CohortOrder[] = []
      const add = (e: Partial<EventInput> & { ts: number; sid: string }) =>
        events.push({
          type: 'pageview',
          path: '/',
          referrer: null,
          source: null,
          medium: null,
          utm_source: null,
          utm_medium: null,
          utm_campaign: null,
          device: 'mobile',
          query: null,
          order_id: null,
          value: null,
          props: null,
          ...e,
          vid,
          id: `${vid}-e${counter++}`,
        })
      const buy = (
        ts: number,
        sid: string,
        value: number,
        item: { id: string; name: string; category: string },
      ) => {
        const orderId = `${vid}-o${counter++}`
        const items = [{ ...item, price: value, quantity: 1 }]
        add({ type: 'begin_checkout', ts: ts - MIN, sid })
        add({ type: 'purchase', ts, sid, order_id: orderId, value, props: JSON.stringify({ items }) })
        orders.push({ vid, order_id: orderId, ts, value, items: JSON.stringify(items), source: null })
      }
      const view = (
        ts: number,
        sid: string,
        item: { id: string; name: string; category: string },
        price: number,
      ) =>
        add({
          type: 'view_item',
          ts,
          sid,
          path: `/product/${item.id}`,
          props: JSON.stringify({ items: [{ ...item, price }] }),
        })

      if (persona === 'bargain') {
        const sessions = int(4, 7)
        const buyIn = new Set([0, int(1, sessions - 1), ...(random() < 0.5 ? [int(1, sessions - 1)] : [])])
        for (let s = 0; s < sessions; s++) {
          const t = options.now - int(0, 25) * DAY - int(0, 600) * MIN
          const sid = `${vid}-s${s}`
          add({
            ts: t,
            sid,
            path: pick(['/sale', '/category/deals', '/outlet']),
            utm_source: 'newsletter',
            utm_medium: 'email',
            utm_campaign: 'weekly-deals',
          })
          add({
            type: 'search',
            ts: t + MIN,
            sid,
            path: '/search',
            query: pick(['discount socks', 'cheap mugs', 'coupon', 'clearance candles']),
          })
          const item = pick([
            { id: 'mug', name: 'Enamel mug', category: 'Home' },
            { id: 'socks', name: 'Wool socks', category: 'Accessories' },
            { id: 'candle', name: 'Beeswax candle', category: 'Home' },
          ])
          add({ ts: t + 2 * MIN, sid, path: '/sale/home' })
          view(t + 3 * MIN, sid, item, int(5, 20))
          if (buyIn.has(s)) {
            add({ type: 'add_to_cart', ts: t + 4 * MIN, sid, props: JSON.stringify({ items: [item] }) })
            buy(t + 6 * MIN, sid, int(8, 30), item)
          }
        }
      } else if (persona === 'loyal') {
        const orderCount = int(5, 8)
        const sessions = orderCount + int(1, 4)
        for (let s = 0; s < sessions; s++) {
          // The newest session is recent; the rest spread over the last 200 days.
          const t = options.now - (s === 0 ? int(0, 10) : int(10, 200)) * DAY - int(0, 600) * MIN
          const sid = `${vid}-s${s}`
          const item = pick([
            { id: 'boots', name: 'Leather boots', category: 'Shoes' },
            { id: 'coat', name: 'Waxed coat', category: 'Apparel' },
            { id: 'shirt', name: 'Linen shirt', category: 'Apparel' },
          ])
          add({ ts: t, sid, path: '/' })
          // Loyal buyers glance at the sale too, just not mostly.
          if (random() < 0.3) add({ ts: t + 30_000, sid, path: '/sale' })
          add({ ts: t + MIN, sid, path: `/category/${item.category.toLowerCase()}` })
          view(t + 2 * MIN, sid, item, int(80, 250))
          if (s < orderCount) {
            add({ type: 'add_to_cart', ts: t + 3 * MIN, sid, props: JSON.stringify({ items: [item] }) })
            buy(t + 5 * MIN, sid, int(80, 250), item)
          }
        }
      } else if (persona === 'researcher') {
        const sessions = int(4, 8)
        for (let s = 0; s < sessions; s++) {
          const t = options.now - int(0, 30) * DAY - int(0, 600) * MIN
          const sid = `${vid}-s${s}`
          add({
            ts: t,
            sid,
            path: '/category/cameras',
            source: 'google',
            medium: 'organic',
            referrer: 'https://www.google.com/',
            device: 'desktop',
          })
          add({
            type: 'search',
            ts: t + MIN,
            sid,
            path: '/search',
            query: pick(['mirrorless camera comparison', 'best lens for portraits', 'camera sensor size']),
            device: 'desktop',
          })
          for (let p = 0; p < int(2, 4); p++) {
            const item = pick([
              { id: 'cam-a', name: 'Alpha camera', category: 'Cameras' },
              { id: 'cam-b', name: 'Beta camera', category: 'Cameras' },
              { id: 'lens', name: 'Portrait lens', category: 'Lenses' },
            ])
            view(t + (2 + p) * MIN, sid, item, int(400, 1500))
            add({ ts: t + (2 + p) * MIN + 1000, sid, path: `/guides/${item.id}`, device: 'desktop' })
          }
          add({
            type: 'engagement',
            ts: t + 9 * MIN,
            sid,
            props: JSON.stringify({ visible_ms: int(120, 600) * 1000, scroll_pct: int(60, 100) }),
            device: 'desktop',
          })
        }
      } else if (persona === 'gift') {
        const sessions = int(1, 2)
        const t0 = options.now - int(5, 45) * DAY
        for (let s = 0; s < sessions; s++) {
          const t = t0 - s * int(0, 2) * DAY - int(0, 300) * MIN
          const sid = `${vid}-s${s}`
          add({
            ts: t,
            sid,
            path: '/category/gifts',
            source: 'instagram',
            medium: 'social',
            referrer: 'https://instagram.com/',
          })
          const item = pick([
            { id: 'giftbox', name: 'Gift box', category: 'Gifts' },
            { id: 'voucher', name: 'Birthday hamper', category: 'Gifts' },
          ])
          view(t + MIN, sid, item, int(40, 90))
          if (s === 0) {
            add({ type: 'add_to_cart', ts: t + 2 * MIN, sid, props: JSON.stringify({ items: [item] }) })
            buy(t + 4 * MIN, sid, int(40, 90), item)
          }
        }
      } else {
        const sessions = int(2, 4)
        const orderCount = int(1, 3)
        const lastSeen = options.now - int(150, 300) * DAY
        for (let s = 0; s < sessions; s++) {
          const t = lastSeen - s * int(5, 60) * DAY - int(0, 600) * MIN
          const sid = `${vid}-s${s}`
          const item = pick([
            { id: 'tee', name: 'Cotton tee', category: 'Apparel' },
            { id: 'cap', name: 'Canvas cap', category: 'Accessories' },
          ])
          add({ ts: t, sid, path: '/' })
          view(t + MIN, sid, item, int(20, 60))
          if (s < orderCount) buy(t + 3 * MIN, sid, int(20, 60), item)
        }
      }
      visitors.push({ vid, persona, events, orders })
    }
  }
  return visitors
}
