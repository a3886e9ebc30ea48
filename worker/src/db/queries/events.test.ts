import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { botCounts, quarantineCounts } from './events'

describe('quarantine and bot counts', () => {
  it('counts per reason for one site since a time', async () => {
    await env.DB.prepare(
      `INSERT INTO quarantine (site_id, reason, created_at) VALUES
       ('qc', 'invalid_event', 100), ('qc', 'invalid_event', 200), ('qc', 'missing_id', 150),
       ('qc', 'bot', 50), ('other', 'invalid_event', 200)`,
    ).run()
    expect(await quarantineCounts(env.DB, 'qc', 100)).toEqual([
      { reason: 'invalid_event', count: 2 },
      { reason: 'missing_id', count: 1 },
    ])
  })

  it('sums bot counts per reason since a day', async () => {
    await env.DB.prepare(
      `INSERT INTO bot_counts (site_id, day, reason, count) VALUES
       ('bc', '2026-11-26', 'headless', 5), ('bc', '2026-11-27', 'headless', 2),
       ('bc', '2026-11-28', 'bot_user_agent', 9), ('bc', '2026-11-20', 'webdriver', 1)`,
    ).run()
    expect(await botCounts(env.DB, 'bc', '2026-11-26')).toEqual([
      { reason: 'bot_user_agent', count: 9 },
      { reason: 'headless', count: 7 },
    ])
  })
})
