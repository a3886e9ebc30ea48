import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { countingDb } from '../../../test/counting-db'
import { createSite } from '../../../test/fixtures'
import type { Env } from '../../env'
import { builtThrough as builtThroughOf, insertEvents, rollupCell } from '../../../test/raw-rows'
import { rollupSite, runRollups } from './build'

// Its own file (own D1): runRollups walks every site in the database.
const builtThrough = (site: string) => builtThroughOf(env.DB, site)
const pageviews = (site: string, day: string) => rollupCell(env.DB, site, day, 'pageviews')

const A = { id: 'fair-a-backlog', timezone: 'UTC' }
const B = { id: 'fair-b', timezone: 'UTC' }
const C = { id: 'fair-c', timezone: 'UTC' }
const MIN = 60_000

describe('rollup cron fairness', () => {
  it('a site with a backlog bigger than a run does not starve the others; the backlog drains in three runs', async () => {
    for (const s of [A, B, C]) await createSite(s)
    // B and C: one pageview on 10 and 11 March, rolled up by the run at 00:10 on 12 March.
    for (const s of [B, C])
      await insertEvents(env.DB, [
        { site_id: s.id, vid: 'v10', sid: 's10', ts: '2026-03-10T12:00:00Z' },
        { site_id: s.id, vid: 'v11', sid: 's11', ts: '2026-03-11T12:00:00Z' },
      ])
    const previous = Date.parse('2026-03-12T00:10:00Z')
    for (const s of [B, C]) await rollupSite(env.DB, s, previous, 30)
    expect(await builtThrough(B.id)).toBe('2026-03-11')

    // A: a new site with 12 days of imported history (1–12 March), never rolled up.
    await insertEvents(
      env.DB,
      Array.from({ length: 12 }, (_, i) => ({
        site_id: A.id,
        vid: `a${i}`,
        sid: `a${i}`,
        ts: `2026-03-${String(i + 1).padStart(2, '0')}T12:00:00Z`,
      })),
    )
    // Yesterday (12 March) for B and C, and a late event for B's 11 March received after its run.
    await insertEvents(env.DB, [
      { site_id: B.id, vid: 'v12', sid: 's12', ts: '2026-03-12T10:00:00Z' },
      { site_id: C.id, vid: 'v12', sid: 's12', ts: '2026-03-12T10:00:00Z' },
      {
        site_id: B.id,
        vid: 'late',
        sid: 'late',
        ts: '2026-03-11T23:00:00Z',
        received_at: Date.parse('2026-03-12T01:00:00Z'),
      },
    ])

    // Budget: 6 days a run, 5 a site; 3 sites, so a share of floor(6 / 3) = 2 days each first.
    const budget = { daysPerSite: 5, daysPerRun: 6 }
    const run1 = Date.parse('2026-03-13T00:10:00Z') // yesterday = 12 March
    // Never served, A goes first: share 2 (1–2 March). B: its changed 11 March and new 12 March
    // (2, its whole share). C: 12 March (1). 6 − 5 = 1 left, to A, which used its share: 3 March.
    // (Walking sites in id order, A took 5, B 1 of its 2 days and C none.)
    expect(await runRollups(env, new Date(run1), budget)).toEqual({ sites: 3, days: 6 })
    expect(await pageviews(B.id, '2026-03-11')).toBe(2)
    expect(await pageviews(B.id, '2026-03-12')).toBe(1)
    expect(await pageviews(C.id, '2026-03-12')).toBe(1)
    expect(await builtThrough(B.id)).toBe('2026-03-12')
    expect(await builtThrough(C.id)).toBe('2026-03-12')
    expect(await builtThrough(A.id)).toBe('2026-03-03')

    // Run 2: all served at run 1, so id order. A: share 2 (4–5 March); B, C nothing new (0); the
    // 4 left give A up to 5 − 2 = 3 more (6–8 March). Run 3: A 2 (9–10) + the 2 days left (11–12).
    expect(await runRollups(env, new Date(run1 + 15 * MIN), budget)).toEqual({ sites: 3, days: 5 })
    expect(await builtThrough(A.id)).toBe('2026-03-08')
    expect(await runRollups(env, new Date(run1 + 30 * MIN), budget)).toEqual({ sites: 3, days: 4 })
    expect(await builtThrough(A.id)).toBe('2026-03-12')
    for (const day of ['2026-03-01', '2026-03-07', '2026-03-12']) expect(await pageviews(A.id, day)).toBe(1)

    // Steady state costs what it did: one rollupSite call per site, none twice. 1 trip lists the
    // sites; each site reads its state (1), its pending days (1 batch) and writes its state (1).
    const { d1, counter } = countingDb()
    const steady = await runRollups({ DB: d1 } as unknown as Env, new Date(run1 + 45 * MIN), budget)
    expect(steady).toEqual({ sites: 3, days: 0 })
    expect(counter.trips).toBe(1 + 3 * 3)
  })
})
