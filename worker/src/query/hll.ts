/**
 * HyperLogLog sketch of visitor ids, one per site and day, kept in the rollup row of site totals.
 * Merging 30 daily sketches counts the distinct visitors of a 30-day period from 30 rows instead
 * of reading every visitor-day. 4,096 registers: relative standard error 1.04/√4096 ≈ 1.6% (so
 * 99.7% of estimates lie within ±4.9%), from a hundred visitors to a hundred million. Below a few
 * thousand visitors the error is linear counting's, a few ids (about 1 at 100 visitors, 3 at 300).
 *
 * The estimate is Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017, arXiv:1702.01284): one formula over the whole range, without the
 * bias of the classic switch from linear counting to the raw estimate near 2.5 × 4,096 ids.
 */
const P = 12
const M = 1 << P
/** Bits of the hash left for the rank once P bits chose the register. */
const Q = 32 - P

export type Sketch = Uint8Array

export function emptySketch(): Sketch {
  return new Uint8Array(M)
}

/** 32-bit FNV-1a then murmur3's finaliser, for well-spread bits from short ids. */
function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function addToSketch(sketch: Sketch, id: string): void {
  const h = hash32(id)
  const register = h >>> (32 - P)
  const rest = (h << P) >>> 0
  const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1
  if (rank > sketch[register]!) sketch[register] = rank
}

export function mergeInto(target: Sketch, other: Sketch): void {
  for (let i = 0; i < M; i++) if (other[i]! > target[i]!) target[i] = other[i]!
}

/** σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k−1), for the registers still at 0. */
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY
  let y = 1
  let z = x
  let previous: number
  do {
    x *= x
    previous = z
    z += x * y
    y += y
  } while (z !== previous)
  return z
}

/** τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))² 2^−k) / 3, for the registers at their maximum. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0
  let y = 1
  let z = 1 - x
  let previous: number
  do {
    x = Math.sqrt(x)
    previous = z
    y *= 0.5
    z -= (1 - x) ** 2 * y
  } while (z !== previous)
  return z / 3
}

export function estimate(sketch: Sketch): number {
  const counts = new Array<number>(Q + 2).fill(0)
  for (let i = 0; i < M; i++) counts[sketch[i]!]!++
  let z = M * tau(1 - counts[Q + 1]! / M)
  for (let k = Q; k >= 1; k--) z = 0.5 * (z + counts[k]!)
  z += M * sigma(counts[0]! / M)
  return Math.round((M * M) / (2 * Math.LN2) / z)
}

/** One character per register ('0' + rank): compact, and D1 returns TEXT faster than BLOB arrays. */
export function encodeSketch(sketch: Sketch): string {
  return String.fromCharCode(...sketch.map((r) => 48 + r))
}

export function decodeSketch(text: string): Sketch {
  const s = emptySketch()
  for (let i = 0; i < M && i < text.length; i++) s[i] = text.charCodeAt(i) - 48
  return s
}
