import { describe, expect, it } from 'vitest'
import { clusterFeatures } from '../src/profiling/personas'
import { generateCohort, PERSONA_KEYS, PLANTED } from './cohort'
import { extractFeatures } from '../src/profiling/features'
import { rulesProfile } from '../src/profiling/rules'

const now = Date.UTC(2026, 10, 28, 12)
const cohort = generateCohort({ perPersona: 40, now })
const features = cohort.map((v) =>
  extractFeatures(v.events, v.orders, { now, timezone: 'UTC', categoryPatterns: {} }),
)
// A site's own segment names: the rules map each archetype to one by keyword.
const SITE_SEGMENT = {
  bargain: 'Deal seekers',
  loyal: 'Loyal customers',
  researcher: 'Researchers',
  gift: 'Gift shoppers',
  churned: 'Lapsed customers',
} as const
const SEGMENTS = Object.values(SITE_SEGMENT)

describe('planted cohort', () => {
  it('the rules recover the planted lifecycle and archetype for at least 90% of each persona', () => {
    for (const persona of PERSONA_KEYS) {
      const members = cohort.flatMap((v, i) => (v.persona === persona ? [i] : []))
      const hits = members.filter((i) => {
        const p = rulesProfile(features[i]!, [])
        return p.lifecycle === PLANTED[persona].lifecycle && p.segment === PLANTED[persona].segment
      })
      expect(hits.length / members.length, persona).toBeGreaterThanOrEqual(0.9)
    }
  })

  it("the rules map visitors onto the site's own segment names for at least 90% of each persona", () => {
    for (const persona of PERSONA_KEYS) {
      const members = cohort.flatMap((v, i) => (v.persona === persona ? [i] : []))
      const planted = PLANTED[persona]
      const hits = members.filter((i) => {
        const p = rulesProfile(features[i]!, SEGMENTS)
        return p.lifecycle === planted.lifecycle && p.segment === SITE_SEGMENT[persona]
      })
      expect(hits.length / members.length, persona).toBeGreaterThanOrEqual(0.9)
    }
  })

  it('clustering puts at least 85% of each persona into one cluster of its own', async () => {
    const { clusters } = await clusterFeatures(features)
    const home = new Map<string, number>()
    for (const persona of PERSONA_KEYS) {
      const members = new Set(cohort.flatMap((v, i) => (v.persona === persona ? [i] : [])))
      const best = clusters
        .map((c, index) => ({ index, together: c.members.filter((m) => members.has(m)).length }))
        .sort((a, b) => b.together - a.together)[0]!
      expect(best.together / members.size, persona).toBeGreaterThanOrEqual(0.85)
      home.set(persona, best.index)
    }
    // Five personas, five different clusters: "together" must not mean "everyone in one blob".
    expect(new Set(home.values()).size).toBe(PERSONA_KEYS.length)
  })
})
