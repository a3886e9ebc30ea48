import { describe, expect, it } from 'vitest'
import { clusterVectors, kmeans, silhouette, standardize } from './cluster'

describe('silhouette', () => {
  it('matches a hand computation', () => {
    // 1-D points 0, 1 | 10, 11. Point 0: a = 1, b = (10 + 11) / 2 = 10.5 → 9.5 / 10.5.
    // Point 1: a = 1, b = (9 + 10) / 2 = 9.5 → 8.5 / 9.5. Points 10 and 11 mirror them.
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4
    expect(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo(expected, 10)
    // a bad split scores lower
    expect(silhouette([[0], [1], [10], [11]], [0, 1, 0, 1], 2)).toBeLessThan(0)
  })
})

describe('standardize', () => {
  it('z-scores each dimension and zeroes constant ones', () => {
    // dimension 0: mean 2, population sd sqrt(2/3)
    const z = standardize([
      [1, 5],
      [2, 5],
      [3, 5],
    ])
    expect(z.map((p) => p[0])).toEqual([-1 / Math.sqrt(2 / 3), 0, 1 / Math.sqrt(2 / 3)])
    expect(z.map((p) => p[1])).toEqual([0, 0, 0])
  })
})

describe('clusterVectors', () => {
  const blob = (cx: number, cy: number, n: number) =>
    Array.from({ length: n }, (_, i) => [cx + ((i * 7) % 5) / 10, cy + ((i * 3) % 5) / 10])
  const points = [...blob(0, 0, 20), ...blob(10, 0, 20), ...blob(0, 10, 20)]

  it('finds three separated blobs and chooses k = 3 by silhouette', () => {
    const c = clusterVectors(points)
    expect(c.k).toBe(3)
    for (const start of [0, 20, 40]) {
      expect(new Set(c.assignments.slice(start, start + 20)).size).toBe(1)
    }
    expect(new Set([c.assignments[0], c.assignments[20], c.assignments[40]]).size).toBe(3)
  })

  it('is deterministic for a seed and falls back to one cluster for tiny inputs', () => {
    expect(kmeans(points, 3, 5).assignments).toEqual(kmeans(points, 3, 5).assignments)
    expect(clusterVectors([[1], [2], [3]])).toMatchObject({ k: 1, assignments: [0, 0, 0] })
  })
})
