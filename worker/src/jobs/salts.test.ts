import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { quarantineRetentionJob, saltsJob } from './salts'

describe('salts job', () => {
  it('keeps today’s and tomorrow’s salts, deletes those older than 48 h, and never changes a salt', async () => {
    await env.DB.prepare(
      "INSERT INTO salts (day, salt, created_at) VALUES ('2026-11-25', 'old', 0), ('2026-11-26', 'older', 0), ('2026-11-27', 'yesterday', 0), ('2026-11-28', 'today', 0)",
    ).run()
    const result = await saltsJob.run(env, new Date(Date.UTC(2026, 10, 28, 0, 15)))
    expect(result).toEqual({ today: '2026-11-28', deleted: 2 })
    const { results } = await env.DB.prepare('SELECT day, salt FROM salts ORDER BY day').all<{
      day: string
      salt: string
    }>()
    expect(results.map((r) => r.day)).toEqual(['2026-11-27', '2026-11-28', '2026-11-29'])
    expect(results[1]?.salt).toBe('today')
    expect(results[2]?.salt).toMatch(/^[0-9a-f]{64}$/)
  })

  it('deletes the per-address quota counts of a day with its salt', async () => {
    await env.DB.prepare(
      "INSERT INTO address_usage (site_id, day, address, events) VALUES ('s', '2026-11-26', 'a', 5), ('s', '2026-11-27', 'a', 6), ('s', '2026-11-28', 'a', 7)",
    ).run()
    await saltsJob.run(env, new Date(Date.UTC(2026, 10, 28, 0, 15)))
    const { results } = await env.DB.prepare('SELECT day FROM address_usage ORDER BY day').all()
    expect(results).toEqual([{ day: '2026-11-27' }, { day: '2026-11-28' }])
  })
})

describe('quarantine retention job', () => {
  it('deletes quarantine rows older than 30 days', async () => {
    const now = Date.UTC(2026, 10, 28)
    const day = 24 * 60 * 60 * 1000
    await env.DB.prepare(
      "INSERT INTO quarantine (site_id, reason, created_at) VALUES ('r', 'old', ?), ('r', 'recent', ?)",
    )
      .bind(now - 31 * day, now - 29 * day)
      .run()
    expect(await quarantineRetentionJob.run(env, new Date(now))).toEqual({ deleted: 1 })
    const { results } = await env.DB.prepare("SELECT reason FROM quarantine WHERE site_id = 'r'").all()
    expect(results).toEqual([{ reason: 'recent' }])
  })
})
