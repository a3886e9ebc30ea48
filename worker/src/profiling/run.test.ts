import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { db } from '../db/client'
import { getSite } from '../site/load'
import { insertEvents, insertOrders } from '../../test/raw-rows'
import { generateCohort, PLANTED } from '../../test/cohort'
import type { ProfilingProvider } from './providers'
import { type RunOptions, runProfiling } from './run'
import { echoModel, promptedVisitors } from '../../test/mock-model'
import { profileNow } from './runs'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 28, 12)

/** Logs the consent state of visitors straight into D1 (one batch). */
async function grantMarketing(siteId: string, vids: string | string[], marketing = true) {
  await env.DB.batch(
    [vids].flat().map((vid) =>
      env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at)
         VALUES (?1, ?2, ?3, 1, ?4, 'banner', ?5)
         ON CONFLICT (site_id, vid) DO UPDATE SET marketing = excluded.marketing`,
      ).bind(siteId, vid, crypto.randomUUID(), marketing ? 1 : 0, now),
    ),
  )
}

/** Stores a generated cohort as events and orders of `siteId`, every visitor granting marketing. */
async function seedCohort(siteId: string, perPersona: number) {
  const cohort = generateCohort({ perPersona, now, prefix: siteId })
  await insertEvents(
    env.DB,
    cohort.flatMap((v) => v.events.map((e) => ({ ...e, site_id: siteId, marketing: 1 }))),
  )
  await insertOrders(
    env.DB,
    cohort.flatMap((v) => v.orders.map((o) => ({ ...o, site_id: siteId, items: JSON.parse(o.items!) }))),
  )
  await grantMarketing(
    siteId,
    cohort.map((v) => v.vid),
  )
  return cohort
}

const rules: ProfilingProvider = { kind: 'rules', modelId: 'rules' }
const budget = { maxVisitors: 1000, maxTokens: 1_000_000 }

/** One run of `siteId` at `now` with a generous budget unless told otherwise. */
async function profileSite(
  siteId: string,
  provider: ProfilingProvider,
  over: Partial<Omit<RunOptions, 'db' | 'site'>> = {},
) {
  const site = (await getSite(db(env.DB), siteId))!
  return runProfiling({ db: env.DB, site, provider, budget, now, trigger: 'cron', ...over })
}

describe('runProfiling with the rules provider', () => {
  it('profiles a planted cohort into personas and profiles, with one run row', async () => {
    await createSite({ id: 'prof-rules' })
    const cohort = await seedCohort('prof-rules', 12)
    const summary = await profileSite('prof-rules', rules)
    expect(summary).toMatchObject({
      status: 'ok',
      candidates: 60,
      profiled: 60,
      deferred: 0,
      modelCalls: 0,
      tokensIn: 0,
    })

    const { results: personas } = await env.DB.prepare(
      'SELECT id, name, size, provider FROM personas WHERE site_id = ? ORDER BY id',
    )
      .bind('prof-rules')
      .all<{ id: string; name: string; size: number; provider: string }>()
    expect(personas.length).toBe(summary.personas)
    expect(personas.reduce((s, p) => s + p.size, 0)).toBe(60)
    // The rules name each persona after its typical member: the planted personas come back.
    expect(new Set(personas.map((p) => p.name))).toEqual(
      new Set(Object.values(PLANTED).map((p) => p.segment)),
    )

    const { results: rows } = await env.DB.prepare(
      'SELECT vid, segment, lifecycle, provider, model, prompt_version, persona_id FROM profiles WHERE site_id = ?',
    )
      .bind('prof-rules')
      .all<{
        vid: string
        segment: string
        lifecycle: string
        provider: string
        model: string
        persona_id: string
      }>()
    expect(rows).toHaveLength(60)
    const planted = new Map(cohort.map((v) => [v.vid, PLANTED[v.persona]]))
    const right = rows.filter(
      (r) => r.lifecycle === planted.get(r.vid)!.lifecycle && r.segment === planted.get(r.vid)!.segment,
    )
    expect(right.length / rows.length).toBeGreaterThanOrEqual(0.9)
    expect(rows.every((r) => r.provider === 'rules' && r.model === 'rules' && r.persona_id)).toBe(true)

    const run = await env.DB.prepare('SELECT * FROM profiling_runs WHERE id = ?').bind(summary.runId).first()
    expect(run).toMatchObject({ status: 'ok', profiled: 60, provider: 'rules', trigger: 'cron' })

    // Nothing new: the next run has no candidates and costs nothing.
    const again = await profileSite('prof-rules', rules, { now: now + 60_000 })
    expect(again).toMatchObject({ candidates: 0, profiled: 0 })
  }, 30_000) // seeds ~1,800 events and 60 visitors
})

describe('runProfiling with a model', () => {
  it('never sends a visitor without marketing consent, and deletes profiles on withdrawal', async () => {
    await createSite({ id: 'prof-consent' })
    const rows = (vid: string, query: string) => [
      { site_id: 'prof-consent', vid, sid: `${vid}-1`, ts: now - DAY, marketing: 1 },
      {
        site_id: 'prof-consent',
        vid,
        sid: `${vid}-1`,
        ts: now - DAY + 1000,
        type: 'search',
        query,
        marketing: 1,
      },
    ]
    // "no-consent" even claims marketing on its events: only the logged consent state counts.
    await insertEvents(env.DB, [
      ...rows('yes', 'walking boots'),
      ...rows('no-consent', 'secret-term-a'),
      ...rows('denied', 'secret-term-b'),
    ])
    await grantMarketing('prof-consent', 'yes')
    await grantMarketing('prof-consent', 'denied', false)

    const model = echoModel()
    const provider: ProfilingProvider = { kind: 'openai-compatible', model, modelId: 'mock', batchSize: 5 }
    const summary = await profileSite('prof-consent', provider, { trigger: 'admin' })
    expect(summary).toMatchObject({ candidates: 1, profiled: 1, fallbacks: 0 })
    const prompts = JSON.stringify(model.doGenerateCalls.map((c) => c.prompt))
    expect(prompts).toContain('walking boots')
    expect(prompts).not.toContain('secret-term')
    const stored = await env.DB.prepare(
      'SELECT vid, provider, model, tokens_in, tokens_out FROM profiles WHERE site_id = ?',
    )
      .bind('prof-consent')
      .all()
    // one visitor per call: the persona call (300 in) and the profile call (300 in) are costed separately
    expect(stored.results).toEqual([
      { vid: 'yes', provider: 'openai-compatible', model: 'mock', tokens_in: 300, tokens_out: 90 },
    ])

    await grantMarketing('prof-consent', 'yes', false)
    const after = await profileSite('prof-consent', provider, { trigger: 'admin' })
    expect(after.withdrawn).toBe(1)
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE site_id = 'prof-consent'").first())!.n,
    ).toBe(0)
  })

  it('spends the budget on the most valuable visitors first and skips unchanged ones', async () => {
    await createSite({ id: 'prof-budget' })
    const vids = ['a', 'b', 'c', 'd', 'e']
    await insertEvents(
      env.DB,
      vids.map((vid) => ({ site_id: 'prof-budget', vid, sid: `${vid}-1`, ts: now - DAY, marketing: 1 })),
    )
    // value: e 500, c 300, a 100; b and d have no orders
    await insertOrders(env.DB, [
      { site_id: 'prof-budget', vid: 'e', order_id: 'oe', ts: now - DAY, value: 500 },
      { site_id: 'prof-budget', vid: 'c', order_id: 'oc', ts: now - DAY, value: 300 },
      { site_id: 'prof-budget', vid: 'a', order_id: 'oa', ts: now - DAY, value: 100 },
    ])
    await grantMarketing('prof-budget', vids)
    const model = echoModel()
    const provider: ProfilingProvider = { kind: 'openai-compatible', model, modelId: 'mock', batchSize: 2 }
    const first = await profileSite('prof-budget', provider, {
      budget: { maxVisitors: 3, maxTokens: 1_000_000 },
    })
    expect(first).toMatchObject({ candidates: 5, profiled: 3, deferred: 2 })
    const profiled = await env.DB.prepare(
      "SELECT vid FROM profiles WHERE site_id = 'prof-budget' ORDER BY vid",
    ).all()
    expect(profiled.results.map((r) => r.vid)).toEqual(['a', 'c', 'e'])

    // A token budget too small for one more call defers everyone left, without calling the model.
    const calls = model.doGenerateCalls.length
    const starved = await profileSite('prof-budget', provider, { budget: { maxVisitors: 10, maxTokens: 50 } })
    expect(starved).toMatchObject({ profiled: 0, deferred: 2, modelCalls: 0 })
    expect(model.doGenerateCalls.length).toBe(calls)

    // New activity that does not change the features: the feature hash matches, no call is made.
    await insertEvents(env.DB, [
      { site_id: 'prof-budget', vid: 'e', sid: 'e-1', ts: now - DAY + 5000, type: 'click', marketing: 1 },
    ])
    const unchanged = await profileSite('prof-budget', provider, {
      budget: { maxVisitors: 1, maxTokens: 1_000_000 },
    })
    expect(unchanged.skippedUnchanged).toBe(1)
    const e = await env.DB.prepare(
      "SELECT last_event_ts FROM profiles WHERE site_id = 'prof-budget' AND vid = 'e'",
    ).first()
    expect(e!.last_event_ts).toBe(now - DAY + 5000)
  })
})

describe('overlapping runs of one site', () => {
  it('run once: the second finds the site leased and does nothing, so each visitor is paid for once', async () => {
    await createSite({ id: 'prof-overlap' })
    const vids = ['o1', 'o2', 'o3', 'o4']
    await insertEvents(
      env.DB,
      vids.map((vid) => ({ site_id: 'prof-overlap', vid, sid: `${vid}-1`, ts: now - DAY, marketing: 1 })),
    )
    await grantMarketing('prof-overlap', vids)
    const model = echoModel()
    const provider: ProfilingProvider = { kind: 'openai-compatible', model, modelId: 'mock', batchSize: 2 }
    const site = (await getSite(db(env.DB), 'prof-overlap'))!
    const run = () => profileNow({ db: env.DB, site, provider, budget, now, trigger: 'admin' })
    const outcomes = await Promise.all([run(), run()])
    expect(outcomes.map((r) => r?.profiled ?? null).sort()).toEqual([4, null])
    expect(promptedVisitors(model).flat()).toHaveLength(4)
  })
})
