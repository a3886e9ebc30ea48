import type { Channel, Counts, VisitorFeatures } from './features'
import type { Lifecycle, PersonaText, PriceSensitivity, Profile } from './schema'
import { findSensitive } from './safety'

/**
 * Deterministic profiles: the `rules` provider, and the fallback whenever a model's answer is
 * missing, invalid or unsafe. Thresholds are in days and counts a marketer can reason about.
 */
export const RULES = {
  /** A visitor inactive this long is churned; a buyer inactive for `atRiskDays` is at risk. */
  churnDays: 120,
  atRiskDays: 60,
  /** Inactive non-buyers churn sooner: they had less to come back for. */
  browserChurnDays: 90,
  loyalOrders: 4,
  bargainShare: 0.3,
  mediumPriceShare: 0.1,
} as const

export const ARCHETYPES = [
  'Loyal buyer',
  'Bargain hunter',
  'Gift buyer',
  'Occasional buyer',
  'Lapsed customer',
  'Researcher',
  'Window shopper',
  'New visitor',
] as const
export type Archetype = (typeof ARCHETYPES)[number]

export function lifecycleOf(f: VisitorFeatures): Lifecycle {
  if (f.orders === 0) {
    if (f.recencyDays > RULES.browserChurnDays) return 'churned'
    return f.sessions <= 1 && f.pageviews <= 3 ? 'new' : 'engaged'
  }
  if (f.recencyDays > RULES.churnDays) return 'churned'
  if (f.recencyDays > RULES.atRiskDays) return 'at_risk'
  if (f.orders >= RULES.loyalOrders) return 'loyal'
  return f.orders >= 2 ? 'repeat_buyer' : 'first_time_buyer'
}

export function archetypeOf(f: VisitorFeatures): Archetype {
  if (f.orders > 0 && f.recencyDays > RULES.churnDays) return 'Lapsed customer'
  if (f.discountShare >= RULES.bargainShare) return 'Bargain hunter'
  if (f.orders >= RULES.loyalOrders) return 'Loyal buyer'
  if (f.orders > 0) return f.orders === 1 && f.giftSignals > 0 ? 'Gift buyer' : 'Occasional buyer'
  if (f.searches >= 3 || f.productViews >= 5 || f.pageviews >= 10) return 'Researcher'
  return f.sessions <= 1 ? 'New visitor' : 'Window shopper'
}

const KEYWORDS: Record<Archetype, RegExp> = {
  'Loyal buyer': /loyal|vip|repeat|regular|champion/i,
  'Bargain hunter': /bargain|deal|discount|price|sale/i,
  'Gift buyer': /gift|present|occasion/i,
  'Occasional buyer': /occasional|casual|one[- ]?time|buyer/i,
  'Lapsed customer': /lapsed|churn|dormant|inactive|win[- ]?back/i,
  Researcher: /research|browser|consider|compar/i,
  'Window shopper': /window|browser|casual/i,
  'New visitor': /new|first/i,
}

/**
 * The segment to store: the site's configured segment that names this archetype (by keyword),
 * else the visitor's persona name, else the archetype itself.
 */
export function segmentOf(f: VisitorFeatures, segments: readonly string[], persona?: string): string {
  const archetype = archetypeOf(f)
  if (segments.length) {
    return segments.find((s) => KEYWORDS[archetype].test(s)) ?? persona ?? segments[0]!
  }
  return persona ?? archetype
}

/** Category interest: viewed counts 1, added to cart 3, bought 5; scores scaled to the top one. */
export function interestsOf(f: VisitorFeatures, limit = 5): { topic: string; score: number }[] {
  const weights = new Map<string, number>()
  const add = (counts: Counts, w: number) => {
    for (const [topic, n] of Object.entries(counts)) weights.set(topic, (weights.get(topic) ?? 0) + n * w)
  }
  add(f.categories.viewed, 1)
  add(f.categories.added, 3)
  add(f.categories.bought, 5)
  const ranked = [...weights]
    .filter(([topic]) => !findSensitive(topic))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
  const max = ranked[0]?.[1] ?? 1
  return ranked.map(([topic, w]) => ({ topic: topic.slice(0, 40), score: Math.round((w / max) * 100) / 100 }))
}

/** Recent cart and checkout activity raise intent; it halves about every three weeks of silence. */
export function purchaseIntentOf(f: VisitorFeatures): number {
  const activity =
    0.1 +
    0.15 * Math.min(f.cartAdds, 3) +
    0.2 * Math.min(f.checkouts, 1) +
    0.1 * Math.min(f.productViews / 5, 1) +
    (f.orders > 0 ? 0.1 : 0)
  const decayed = Math.min(activity, 1) * Math.exp(-f.recencyDays / 30)
  return Math.round(decayed * 100) / 100
}

export function priceSensitivityOf(f: VisitorFeatures): PriceSensitivity {
  if (f.discountShare >= RULES.bargainShare) return 'high'
  if (f.discountShare >= RULES.mediumPriceShare) return 'medium'
  return 'low'
}

export function preferredChannelOf(f: VisitorFeatures): Channel {
  const ranked = Object.entries(f.channels).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  return (ranked[0]?.[0] as Channel | undefined) ?? 'direct'
}

const ACTIONS: Record<Archetype, string> = {
  'Loyal buyer': 'Invite to the loyalty programme and show new arrivals in their favourite categories.',
  'Bargain hunter': 'Send sale and coupon alerts for the categories they browse.',
  'Gift buyer': 'Send gift ideas ahead of the next holiday or occasion.',
  'Occasional buyer': 'Recommend products related to their last purchase.',
  'Lapsed customer': 'Send a win-back offer with what is new since their last order.',
  Researcher: 'Offer buying guides, comparisons and reviews for the products they research.',
  'Window shopper': 'Show bestsellers and social proof in the categories they browse.',
  'New visitor': 'Welcome them with an introduction to the shop and its bestsellers.',
}

const NEEDS: Record<Archetype, string[]> = {
  'Loyal buyer': ['Recognition', 'Early access to new products'],
  'Bargain hunter': ['Good prices', 'Timely sale alerts'],
  'Gift buyer': ['Gift ideas', 'Reliable delivery dates'],
  'Occasional buyer': ['Relevant recommendations'],
  'Lapsed customer': ['A reason to come back'],
  Researcher: ['Detailed product information', 'Comparisons and reviews'],
  'Window shopper': ['Inspiration', 'Trust signals'],
  'New visitor': ['Orientation', 'Trust signals'],
}

function summaryOf(f: VisitorFeatures, archetype: Archetype, lifecycle: Lifecycle): string {
  const topic = interestsOf(f, 1)[0]?.topic
  const orders = f.orders === 1 ? '1 order' : `${f.orders} orders`
  return `${archetype} (${lifecycle.replaceAll('_', ' ')}): ${f.sessions} sessions, ${orders}, last active ${f.recencyDays} days ago${topic ? `, most interested in ${topic}` : ''}.`
}

export function rulesProfile(f: VisitorFeatures, segments: readonly string[], persona?: string): Profile {
  const archetype = archetypeOf(f)
  const lifecycle = lifecycleOf(f)
  return {
    segment: segmentOf(f, segments, persona),
    lifecycle,
    interests: interestsOf(f),
    purchaseIntent: purchaseIntentOf(f),
    priceSensitivity: priceSensitivityOf(f),
    preferredChannel: preferredChannelOf(f),
    summary: summaryOf(f, archetype, lifecycle).slice(0, 300),
    nextBestAction: ACTIONS[archetype],
  }
}

/** A persona named by rules from its members' typical (median) features. */
export function rulesPersona(typical: VisitorFeatures, size: number): PersonaText {
  const archetype = archetypeOf(typical)
  const topics = interestsOf(typical, 3).map((i) => i.topic)
  return {
    name: archetype,
    description:
      `${size} visitors; typically ${typical.sessions} sessions, ${typical.orders} orders and ${typical.revenue} in revenue, last active ${typical.recencyDays} days ago${topics.length ? `; interested in ${topics.join(', ')}` : ''}.`.slice(
        0,
        300,
      ),
    needs: NEEDS[archetype],
    action: ACTIONS[archetype],
  }
}
