import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { insertEvents } from '../../test/raw-rows'
import { budgetFrom } from '../profiling/budget'
import { profilingJob } from './profiling'
import { runScheduled } from './scheduled'

const DAY = 86_400_000

async function visitor(site: string, vid: string, ts: number) {
  await insertEvents(env.DB, [
    { site_id: site, vid, sid: `${vid}-s`, ts, path: '/category/boots', marketing: 1 },
    { site_id: site, vid, sid: `${vid}-s`, ts: ts + 1000, type: 'search', query: 'boots', marketing: 1 },
  ])
  await env.DB.prepare(
    `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES (?, ?, ?, 1, 1, 'banner', ?)`,
  )
    .bind(site, vid, crypto.randomUUID(), ts)
    .run()
}
const profiles = async (site: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM profiles WHERE site_id = ?')
    .bind(site)
    .first<{ n: number }>())!.n

describe('profiling cron job', () => {
  it('the scheduled handler produces personas and profiles with the rules provider', async () => {
    await createSite({ id: 'job-shop' })
    const now = Date.now()
    for (const vid of ['v1', 'v2', 'v3', 'v4', 'v5']) await visitor('job-shop', vid, now - DAY)
    const ctx = createExecutionContext()
    await runScheduled(createScheduledController({ scheduledTime: now, cron: '*/15 * * * *' }), env, ctx)
    await waitOnExecutionContext(ctx)
    expect(env.AI_PROVIDER).toBe('rules')
    expect(await profiles('job-shop')).toBe(5)
    const personas = await env.DB.prepare(
      "SELECT count(*) AS n FROM personas WHERE site_id = 'job-shop'",
    ).first()
    expect(personas!.n).toBeGreaterThan(0)
    const run = await env.DB.prepare(
      "SELECT status, trigger, provider FROM profiling_runs WHERE site_id = 'job-shop'",
    ).first()
    expect(run).toEqual({ status: 'ok', trigger: 'cron', provider: 'rules' })
  }, 20_000) // runs every cron job against local D1

  it('shares one visitor budget across sites and starts after the site the last run ended on', async () => {
    await createSite({ id: 'job-x1' })
    await createSite({ id: 'job-x2' })
    const now = Date.now()
    for (const vid of ['a', 'b']) await visitor('job-x1', vid, now - DAY)
    for (const vid of ['c', 'd']) await visitor('job-x2', vid, now - DAY)
    const small = { ...env, PROFILE_MAX_VISITORS: '3', AI_PROVIDER: 'rules' }
    await env.DB.prepare("DELETE FROM job_cursors WHERE job = 'profiling'").run()
    // Sites run in id order; job-shop (earlier test, nothing new) costs nothing, x1 takes 2, x2 gets 1.
    const first = await profilingJob.run(small, new Date(now))
    expect(first).toMatchObject({ profiled: 3, deferred: 1 })
    expect([await profiles('job-x1'), await profiles('job-x2')]).toEqual([2, 1])
    // The cursor now points at job-x2, so the next run starts after it (wrapping to the first site).
    const second = await profilingJob.run(small, new Date(now))
    expect(second).toMatchObject({ profiled: 1 })
    expect(await profiles('job-x2')).toBe(2)
  }, 20_000)

  it('two overlapping cron runs profile each visitor once: the second finds the job leased', async () => {
    await createSite({ id: 'job-lease' })
    const now = Date.now()
    for (const vid of ['l1', 'l2', 'l3', 'l4']) await visitor('job-lease', vid, now - DAY)
    const tick = async () => {
      const ctx = createExecutionContext()
      await runScheduled(createScheduledController({ scheduledTime: now, cron: '*/15 * * * *' }), env, ctx)
      await waitOnExecutionContext(ctx)
    }
    await Promise.all([tick(), tick()])
    const runs = await env.DB.prepare(
      "SELECT profiled FROM profiling_runs WHERE site_id = 'job-lease' AND trigger = 'cron'",
    ).all<{ profiled: number }>()
    expect(runs.results).toEqual([{ profiled: 4 }])
    expect(await profiles('job-lease')).toBe(4)
    // Each run gave its leases back: a later tick profiles again (and finds nothing new).
    await tick()
    const after = await env.DB.prepare(
      "SELECT profiled FROM profiling_runs WHERE site_id = 'job-lease' ORDER BY id",
    ).all<{ profiled: number }>()
    expect(after.results).toEqual([{ profiled: 4 }, { profiled: 0 }])
  }, 30_000)

  it('reads budgets from the vars, ignoring nonsense', () => {
    expect(budgetFrom({ PROFILE_MAX_VISITORS: '50', PROFILE_MAX_TOKENS: '1000' })).toEqual({
      maxVisitors: 50,
      maxTokens: 1000,
    })
    expect(budgetFrom({ PROFILE_MAX_VISITORS: 'lots', PROFILE_MAX_TOKENS: '-1' })).toEqual({
      maxVisitors: 200,
      maxTokens: 200_000,
    })
  })
})
