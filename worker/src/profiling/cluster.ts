/**
 * Personas by clustering: k-means with k-means++ seeding over z-scored feature vectors, k chosen
 * by the mean silhouette within bounds. Seeded, so the same visitors give the same personas.
 */

export interface Clustering {
  k: number
  /** Cluster index per input point. */
  assignments: number[]
  /** Cluster centres in standardized space. */
  centroids: number[][]
  silhouette: number
}

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Z-scores each dimension; a constant dimension becomes 0 instead of dividing by zero. */
export function standardize(points: number[][]): number[][] {
  if (!points.length) return []
  const dims = points[0]!.length
  const mean = new Array<number>(dims).fill(0)
  const sd = new Array<number>(dims).fill(0)
  for (const p of points) for (let d = 0; d < dims; d++) mean[d]! += p[d]! / points.length
  for (const p of points) for (let d = 0; d < dims; d++) sd[d]! += (p[d]! - mean[d]!) ** 2 / points.length
  return points.map((p) => p.map((v, d) => (sd[d]! > 1e-12 ? (v - mean[d]!) / Math.sqrt(sd[d]!) : 0)))
}

export function distance2(a: number[], b: number[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2
  return s
}

/** Lloyd's k-means with k-means++ seeding. */
export function kmeans(points: number[][], k: number, seed = 1, maxIterations = 100) {
  const random = seededRandom(seed)
  const centroids: number[][] = [points[Math.floor(random() * points.length)]!.slice()]
  const nearest = points.map((p) => distance2(p, centroids[0]!))
  while (centroids.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0)
    let pick = random() * total
    let index = 0
    for (; index < points.length - 1; index++) {
      pick -= nearest[index]!
      if (pick <= 0) break
    }
    const c = points[index]!.slice()
    centroids.push(c)
    points.forEach((p, i) => {
      nearest[i] = Math.min(nearest[i]!, distance2(p, c))
    })
  }
  const assignments = new Array<number>(points.length).fill(-1)
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false
    points.forEach((p, i) => {
      let best = 0
      let bestD = Number.POSITIVE_INFINITY
      centroids.forEach((c, j) => {
        const d = distance2(p, c)
        if (d < bestD) {
          bestD = d
          best = j
        }
      })
      if (assignments[i] !== best) {
        assignments[i] = best
        changed = true
      }
    })
    if (!changed) break
    centroids.forEach((c, j) => {
      const members = points.filter((_, i) => assignments[i] === j)
      if (!members.length) return // an empty cluster keeps its centre
      for (let d = 0; d < c.length; d++) c[d] = members.reduce((s, m) => s + m[d]!, 0) / members.length
    })
  }
  return { assignments, centroids }
}

/** Mean silhouette: for each point (b − a) / max(a, b), a = mean distance inside its cluster, b = to the nearest other. */
export function silhouette(points: number[][], assignments: number[], k: number): number {
  if (k < 2 || points.length <= k) return 0
  let total = 0
  for (let i = 0; i < points.length; i++) {
    const sums = new Array<number>(k).fill(0)
    const counts = new Array<number>(k).fill(0)
    for (let j = 0; j < points.length; j++) {
      if (i === j) continue
      sums[assignments[j]!]! += Math.sqrt(distance2(points[i]!, points[j]!))
      counts[assignments[j]!]!++
    }
    const own = assignments[i]!
    if (counts[own] === 0) continue // a singleton scores 0 by convention
    const a = sums[own]! / counts[own]!
    let b = Number.POSITIVE_INFINITY
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!)
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b)
  }
  return total / points.length
}

export interface ClusterOptions {
  minK?: number
  maxK?: number
  seed?: number
  /** Silhouette is O(n²): it is scored on at most this many points. */
  sample?: number
}

/** Clusters raw feature vectors; fewer than four points form a single cluster. */
export function clusterVectors(vectors: number[][], options: ClusterOptions = {}): Clustering {
  const points = standardize(vectors)
  const { minK = 2, maxK = 8, seed = 1, sample = 600 } = options
  const upper = Math.min(maxK, points.length - 1)
  if (points.length < 4 || upper < minK) {
    const centroid = points.length
      ? points[0]!.map((_, d) => points.reduce((s, p) => s + p[d]!, 0) / points.length)
      : []
    return { k: 1, assignments: points.map(() => 0), centroids: [centroid], silhouette: 0 }
  }
  const step = Math.max(1, Math.floor(points.length / sample))
  const sampled = points.map((_, i) => i).filter((i) => i % step === 0)
  let best: Clustering | null = null
  for (let k = minK; k <= upper; k++) {
    const { assignments, centroids } = kmeans(points, k, seed + k)
    const score = silhouette(
      sampled.map((i) => points[i]!),
      sampled.map((i) => assignments[i]!),
      k,
    )
    if (!best || score > best.silhouette + 1e-9) best = { k, assignments, centroids, silhouette: score }
  }
  return best!
}
