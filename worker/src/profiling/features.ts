/**
 * Deterministic behaviour features for one visitor, computed from stored events and orders.
 * Everything downstream (rules, clustering, prompts, the feature hash) reads this shape only,
 * so a new data source (offline purchases, survey answers) plugs in here and nowhere else.
 */
import type { EventRow } from '../db/rows'
import { DAY_MS } from '../lib/time'

const TOP = 5

/** The columns of `events` that profiling reads (D1 column names). */
export type EventInput = Pick<
  EventRow,
  | 'type'
  | 'ts'
  | 'sid'
  | 'path'
  | 'referrer'
  | 'source'
  | 'medium'
  | 'utm_source'
  | 'utm_medium'
  | 'utm_campaign'
  | 'device'
  | 'query'
  | 'order_id'
  | 'value'
  | 'props'
>

/** The columns of `orders` that profiling reads. */
export interface OrderInput {
  order_id: string
  ts: number
  value: number
  /** JSON [{ id, name, category, price, quantity }] */
  items: string | null
  /** `offline:<channel>` for purchases imported by the sources area. */
  source?: string | null
}

/**
 * Records from outside the browser (sources area). Imported purchases also land in `orders`
 * (source `offline:<channel>`) and are counted from there; pass a purchase here only when it is not.
 */
export type OfflineRecord =
  | { kind: 'purchase'; ts: number; value: number; category?: string; product?: string }
  | { kind: 'survey'; ts: number; question: string; answer: string }

export interface FeatureOptions {
  now: number
  /** IANA time zone of the site, for time-of-day. */
  timezone: string
  /** { "/category/:name": ":name" } URL patterns that name a category. */
  categoryPatterns: Record<string, string>
  offline?: OfflineRecord[]
}

export const CHANNELS = ['direct', 'search', 'paid', 'social', 'email', 'referral', 'affiliate'] as const
export type Channel = (typeof CHANNELS)[number]
export type TimeOfDay = 'night' | 'morning' | 'afternoon' | 'evening'

/** Name → count, highest first, at most five entries. */
export type Counts = Record<string, number>

export interface VisitorFeatures {
  recencyDays: number
  firstSeenDays: number
  sessions: number
  pageviews: number
  engagedMinutes: number
  avgScrollPct: number | null
  orders: number
  offlineOrders: number
  revenue: number
  avgOrderValue: number
  daysSinceLastOrder: number | null
  productViews: number
  cartAdds: number
  checkouts: number
  searches: number
  /** Share of pageviews and searches about sales, discounts, coupons. */
  discountShare: number
  /** Pageviews, searches and items about gifts. */
  giftSignals: number
  avgViewedPrice: number | null
  categories: { viewed: Counts; added: Counts; bought: Counts }
  products: { viewed: Counts; added: Counts; bought: Counts }
  searchTerms: string[]
  channels: Partial<Record<Channel, number>>
  device: string | null
  timeOfDay: TimeOfDay | null
  surveys: { question: string; answer: string }[]
}

interface Item {
  id?: unknown
  name?: unknown
  category?: unknown
  price?: unknown
}

const DISCOUNT =
  /\b(sale|sales|discount\w*|deals?|coupons?|clearance|outlet|offers?|promo\w*|vouchers?|bargains?|cheap\w*)\b/i
const GIFT = /\b(gifts?|presents?|birthday|wedding|christmas|anniversary|for[-\s](him|her))\b/i
const SEARCH_ENGINES = /google|bing|duckduckgo|yahoo|ecosia|baidu|yandex|qwant|startpage|brave/
const SOCIAL =
  /facebook|instagram|tiktok|twitter|^x$|t\.co|linkedin|pinterest|reddit|youtube|threads|mastodon|snapchat/

/** The marketing channel a session came from, from utm tags, then the stored source/medium, then the referrer. */
export function channelOf(
  e: Pick<EventInput, 'utm_source' | 'utm_medium' | 'source' | 'medium' | 'referrer'>,
): Channel {
  const medium = (e.utm_medium ?? e.medium ?? '').toLowerCase()
  const source = (e.utm_source ?? e.source ?? '').toLowerCase()
  if (/e-?mail|newsletter/.test(medium) || /newsletter|e-?mail/.test(source)) return 'email'
  if (/affiliate|partner/.test(medium)) return 'affiliate'
  if (/cpc|ppc|paid|display|cpm|banner/.test(medium)) return 'paid'
  if (/social/.test(medium) || SOCIAL.test(source)) return 'social'
  if (medium === 'organic' || SEARCH_ENGINES.test(source)) return 'search'
  if (medium === 'referral' || source || e.referrer) return 'referral'
  return 'direct'
}

type CompiledPattern = { parts: string[]; rest: boolean; template: string }
const compiled = new WeakMap<Record<string, string>, CompiledPattern[]>()

function compile(patterns: Record<string, string>): CompiledPattern[] {
  let list = compiled.get(patterns)
  if (!list) {
    list = Object.entries(patterns).map(([pattern, template]) => {
      const parts = pattern.split('/').filter(Boolean)
      const rest = parts.at(-1) === '*'
      return {
        parts: (rest ? parts.slice(0, -1) : parts).map((p) => (p.startsWith(':') ? p : p.toLowerCase())),
        rest,
        template,
      }
    })
    compiled.set(patterns, list)
  }
  return list
}

/** Matches a path against `{ pattern: template }` patterns (":param" segments, "*" for the rest). */
export function categoryFromPath(path: string, patterns: Record<string, string>): string | null {
  const segments = path.split('?')[0]!.split('/').filter(Boolean)
  for (const { parts, rest, template } of compile(patterns)) {
    if (rest ? segments.length < parts.length : segments.length !== parts.length) continue
    let out = template
    let ok = true
    for (let i = 0; ok && i < parts.length; i++) {
      const part = parts[i]!
      if (part.startsWith(':')) out = out.replaceAll(part, safeDecode(segments[i]!))
      else if (part !== segments[i]!.toLowerCase()) ok = false
    }
    if (ok) return out.replaceAll('-', ' ').toLowerCase()
  }
  return null
}

/** Used when a site configured no category patterns. */
export const DEFAULT_CATEGORY_PATTERNS: Record<string, string> = {
  '/category/:name': ':name',
  '/categories/:name': ':name',
  '/collections/:name': ':name',
  '/c/:name': ':name',
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function parseJson(text: string | null): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function itemsOf(value: unknown): Item[] {
  const items = Array.isArray(value) ? value : (value as { items?: unknown } | null)?.items
  return Array.isArray(items) ? items.filter((i): i is Item => typeof i === 'object' && i !== null) : []
}

const label = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : null)

function bump(map: Map<string, number>, key: string | null, by = 1) {
  if (key) map.set(key, (map.get(key) ?? 0) + by)
}

/** The five largest counts, ties broken by name so the output is deterministic. */
export function top(map: Map<string, number>, n = TOP): Counts {
  return Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n))
}

/** Per time zone: a formatter (costly to create) and the local hour of each UTC hour seen so far. */
const zones = new Map<string, { format: Intl.DateTimeFormat; hours: Map<number, number> }>()

function zone(timezone: string) {
  let z = zones.get(timezone)
  if (!z) {
    let format: Intl.DateTimeFormat
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hour: 'numeric', hourCycle: 'h23' })
    } catch {
      format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric', hourCycle: 'h23' })
    }
    z = { format, hours: new Map() }
    zones.set(timezone, z)
  }
  return z
}

/** Local hour of day; Intl formatting is slow, so each UTC hour is formatted once per isolate. */
function hourGetter(timezone: string) {
  const { format, hours } = zone(timezone)
  return (ts: number) => {
    const key = Math.floor(ts / 3_600_000)
    let hour = hours.get(key)
    if (hour === undefined) {
      hour = Number(format.format(new Date(key * 3_600_000))) % 24
      if (hours.size > 50_000) hours.clear() // a bounded cache: ~5.7 years of hours
      hours.set(key, hour)
    }
    return hour
  }
}

function timeOfDay(hour: number): TimeOfDay {
  if (hour < 6) return 'night'
  if (hour < 12) return 'morning'
  if (hour < 18) return 'afternoon'
  return 'evening'
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
const days = (now: number, ts: number) => Math.max(0, Math.floor((now - ts) / DAY_MS))

/**
 * Features of one visitor. `events` may come in any order; `orders` are the deduplicated
 * purchases from the orders table (purchase events whose order is missing there count too).
 */
export function extractFeatures(
  events: EventInput[],
  orders: OrderInput[],
  options: FeatureOptions,
): VisitorFeatures {
  const { now } = options
  const patterns = Object.keys(options.categoryPatterns).length
    ? options.categoryPatterns
    : DEFAULT_CATEGORY_PATTERNS
  const hourOf = hourGetter(options.timezone)
  // Visitors revisit the same pages: match each distinct path once.
  const pathCategories = new Map<string, string | null>()
  const categoryOf = (path: string) => {
    let c = pathCategories.get(path)
    if (c === undefined) {
      c = categoryFromPath(path, patterns)
      pathCategories.set(path, c)
    }
    return c
  }

  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  /** Counts and sums over the visitor's events. */
  const n = {
    pageviews: 0,
    productViews: 0,
    cartAdds: 0,
    checkouts: 0,
    searches: 0,
    discountHits: 0,
    giftSignals: 0,
    visibleMs: 0,
    scrollSum: 0,
    scrollCount: 0,
    viewedPriceSum: 0,
    viewedPriceCount: 0,
  }
  const sessions = new Set<string>()
  const sessionChannel = new Map<string, Channel>()
  const categories = {
    viewed: new Map<string, number>(),
    added: new Map<string, number>(),
    bought: new Map<string, number>(),
  }
  const products = {
    viewed: new Map<string, number>(),
    added: new Map<string, number>(),
    bought: new Map<string, number>(),
  }
  const terms = new Map<string, number>()
  const devices = new Map<string, number>()
  const hours = new Map<string, number>()
  const purchaseEvents = new Map<string, OrderInput>()

  const sorted = events.length > 1 ? [...events].sort((a, b) => a.ts - b.ts) : events
  for (const e of sorted) {
    if (e.ts < first) first = e.ts
    if (e.ts > last) last = e.ts
    const session = e.sid ?? `day:${Math.floor(e.ts / DAY_MS)}`
    if (!sessions.has(session)) {
      sessions.add(session)
      sessionChannel.set(session, channelOf(e))
    }
    bump(devices, label(e.device))
    switch (e.type) {
      case 'pageview': {
        n.pageviews++
        bump(hours, timeOfDay(hourOf(e.ts)))
        bump(categories.viewed, categoryOf(e.path))
        if (DISCOUNT.test(e.path) || (e.utm_campaign && DISCOUNT.test(e.utm_campaign))) n.discountHits++
        if (GIFT.test(e.path)) n.giftSignals++
        break
      }
      case 'search': {
        n.searches++
        const q = e.query?.trim().toLowerCase()
        if (q) {
          bump(terms, q)
          if (DISCOUNT.test(q)) n.discountHits++
          if (GIFT.test(q)) n.giftSignals++
        }
        break
      }
      case 'engagement': {
        const p = parseJson(e.props) as { visible_ms?: unknown; scroll_pct?: unknown } | null
        if (typeof p?.visible_ms === 'number') n.visibleMs += p.visible_ms
        if (typeof p?.scroll_pct === 'number') {
          n.scrollSum += p.scroll_pct
          n.scrollCount++
        }
        break
      }
      case 'view_item':
      case 'add_to_cart': {
        const viewed = e.type === 'view_item'
        if (viewed) n.productViews++
        else n.cartAdds++
        for (const item of itemsOf(parseJson(e.props))) {
          const category = label(item.category) ?? categoryOf(e.path)
          bump(viewed ? categories.viewed : categories.added, category)
          bump(viewed ? products.viewed : products.added, label(item.name) ?? label(item.id))
          if (GIFT.test(String(item.category ?? '')) || GIFT.test(String(item.name ?? ''))) n.giftSignals++
          if (viewed && typeof item.price === 'number') {
            n.viewedPriceSum += item.price
            n.viewedPriceCount++
          }
        }
        break
      }
      case 'begin_checkout':
        n.checkouts++
        break
      case 'purchase':
        if (e.order_id && !purchaseEvents.has(e.order_id)) {
          const p = parseJson(e.props)
          purchaseEvents.set(e.order_id, {
            order_id: e.order_id,
            ts: e.ts,
            value: e.value ?? 0,
            items: JSON.stringify(itemsOf(p)),
          })
        }
        break
    }
  }

  // Orders: the orders table is authoritative; purchase events fill in orders it does not hold yet.
  const allOrders = new Map(orders.map((o) => [o.order_id, o]))
  for (const [id, o] of purchaseEvents) if (!allOrders.has(id)) allOrders.set(id, o)
  let revenue = 0
  let lastOrder = Number.NEGATIVE_INFINITY
  let offlineOrders = 0
  for (const o of allOrders.values()) {
    revenue += o.value
    if (o.source?.startsWith('offline')) offlineOrders++
    if (o.ts > lastOrder) lastOrder = o.ts
    if (o.ts < first) first = o.ts
    if (o.ts > last) last = o.ts
    for (const item of itemsOf(parseJson(o.items))) {
      bump(categories.bought, label(item.category))
      bump(products.bought, label(item.name) ?? label(item.id))
      if (GIFT.test(String(item.category ?? '')) || GIFT.test(String(item.name ?? ''))) n.giftSignals++
    }
  }

  let extraOrders = 0
  const surveys: { question: string; answer: string }[] = []
  for (const r of options.offline ?? []) {
    if (r.ts < first) first = r.ts
    if (r.kind === 'purchase') {
      offlineOrders++
      extraOrders++
      revenue += r.value
      if (r.ts > lastOrder) lastOrder = r.ts
      if (r.ts > last) last = r.ts
      bump(categories.bought, label(r.category))
      bump(products.bought, label(r.product))
    } else {
      surveys.push({ question: r.question, answer: r.answer })
    }
  }

  const channels: Partial<Record<Channel, number>> = {}
  for (const c of sessionChannel.values()) channels[c] = (channels[c] ?? 0) + 1
  const orderCount = allOrders.size + extraOrders
  const hasActivity = Number.isFinite(last)
  const deviceTop = Object.keys(top(devices, 1))[0] ?? null
  const hourTop = Object.keys(top(hours, 1))[0] as TimeOfDay | undefined

  return {
    recencyDays: hasActivity ? days(now, last) : 0,
    firstSeenDays: Number.isFinite(first) ? days(now, first) : 0,
    sessions: sessions.size,
    pageviews: n.pageviews,
    engagedMinutes: round(n.visibleMs / 60_000),
    avgScrollPct: n.scrollCount ? Math.round(n.scrollSum / n.scrollCount) : null,
    orders: orderCount,
    offlineOrders,
    revenue: round(revenue, 2),
    avgOrderValue: orderCount ? round(revenue / orderCount, 2) : 0,
    daysSinceLastOrder: Number.isFinite(lastOrder) ? days(now, lastOrder) : null,
    productViews: n.productViews,
    cartAdds: n.cartAdds,
    checkouts: n.checkouts,
    searches: n.searches,
    discountShare: n.pageviews + n.searches ? round(n.discountHits / (n.pageviews + n.searches), 2) : 0,
    giftSignals: n.giftSignals,
    avgViewedPrice: n.viewedPriceCount ? round(n.viewedPriceSum / n.viewedPriceCount, 2) : null,
    categories: {
      viewed: top(categories.viewed),
      added: top(categories.added),
      bought: top(categories.bought),
    },
    products: { viewed: top(products.viewed), added: top(products.added), bought: top(products.bought) },
    searchTerms: Object.keys(top(terms)),
    channels,
    device: deviceTop,
    timeOfDay: hourTop ?? null,
    surveys,
  }
}

/**
 * Numeric vector for clustering: log-scaled counts and money so one big spender does not
 * stretch the space, plus the shares that separate bargain hunters and gift buyers.
 */
export function featureVector(f: VisitorFeatures): number[] {
  const l = Math.log1p
  return [
    l(f.recencyDays),
    l(f.orders),
    l(f.revenue),
    l(f.sessions),
    l(f.pageviews),
    l(f.searches),
    l(f.productViews),
    l(f.cartAdds),
    f.discountShare * 3,
    l(f.giftSignals),
    l(f.engagedMinutes),
  ]
}
