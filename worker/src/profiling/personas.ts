import { sha256Hex } from '../lib/hash'
import { clusterVectors } from './cluster'
import { type Counts, featureVector, type VisitorFeatures } from './features'
import type { PersonaText } from './schema'

/** A cluster of visitors before it is named. */
export interface Cluster {
  /** Indexes into the input list. */
  members: number[]
  centroid: number[]
  /** Stable across runs while the cluster does not move: reuses the name without a model call. */
  centroidHash: string
  typical: VisitorFeatures
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function mergeCounts(list: Counts[]): Counts {
  const total = new Map<string, number>()
  for (const c of list) for (const [k, v] of Object.entries(c)) total.set(k, (total.get(k) ?? 0) + v)
  return Object.fromEntries([...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5))
}

/** The median member of a cluster (numbers by median, categories and channels summed). */
export function typicalFeatures(list: VisitorFeatures[]): VisitorFeatures {
  const m = (pick: (f: VisitorFeatures) => number) => median(list.map(pick))
  const channels: Record<string, number> = {}
  for (const f of list) for (const [k, v] of Object.entries(f.channels)) channels[k] = (channels[k] ?? 0) + v
  return {
    recencyDays: m((f) => f.recencyDays),
    firstSeenDays: m((f) => f.firstSeenDays),
    sessions: m((f) => f.sessions),
    pageviews: m((f) => f.pageviews),
    engagedMinutes: m((f) => f.engagedMinutes),
    avgScrollPct: null,
    orders: m((f) => f.orders),
    offlineOrders: m((f) => f.offlineOrders),
    revenue: Math.round(m((f) => f.revenue) * 100) / 100,
    avgOrderValue: Math.round(m((f) => f.avgOrderValue) * 100) / 100,
    daysSinceLastOrder: null,
    productViews: m((f) => f.productViews),
    cartAdds: m((f) => f.cartAdds),
    checkouts: m((f) => f.checkouts),
    searches: m((f) => f.searches),
    discountShare: m((f) => f.discountShare),
    giftSignals: m((f) => f.giftSignals),
    avgViewedPrice: null,
    categories: {
      viewed: mergeCounts(list.map((f) => f.categories.viewed)),
      added: mergeCounts(list.map((f) => f.categories.added)),
      bought: mergeCounts(list.map((f) => f.categories.bought)),
    },
    products: { viewed: {}, added: {}, bought: {} },
    searchTerms: [],
    channels,
    device: null,
    timeOfDay: null,
    surveys: [],
  }
}

/** Clusters visitors and describes each non-empty cluster by its typical member. */
export async function clusterFeatures(list: VisitorFeatures[], options: { maxK?: number } = {}) {
  const vectors = list.map(featureVector)
  const clustering = clusterVectors(vectors, { maxK: options.maxK ?? 8 })
  const clusters: Cluster[] = []
  for (let c = 0; c < clustering.k; c++) {
    const members = clustering.assignments.flatMap((a, i) => (a === c ? [i] : []))
    if (!members.length) continue
    // The hash is over the raw (unstandardized) mean vector, rounded: standardization shifts
    // whenever the population grows, a cluster's own centre does so only when it really moves.
    const rawMean = vectors[0]!.map(
      (_, d) => members.reduce((s, i) => s + vectors[i]![d]!, 0) / members.length,
    )
    clusters.push({
      members,
      centroid: clustering.centroids[c]!.map((v) => Math.round(v * 1000) / 1000),
      centroidHash: (await sha256Hex(JSON.stringify(rawMean.map((v) => Math.round(v * 2) / 2)))).slice(0, 16),
      typical: typicalFeatures(members.map((i) => list[i]!)),
    })
  }
  clusters.sort((a, b) => b.members.length - a.members.length)
  return { clusters, silhouette: clustering.silhouette }
}

/** Persona names are segment enum values, so they must be unique within a site. */
export function uniqueNames<T extends { persona: PersonaText }>(named: T[]): T[] {
  const seen = new Map<string, number>()
  return named.map((n) => {
    const count = (seen.get(n.persona.name) ?? 0) + 1
    seen.set(n.persona.name, count)
    return count === 1
      ? n
      : { ...n, persona: { ...n.persona, name: `${n.persona.name} ${count}`.slice(0, 40) } }
  })
}
