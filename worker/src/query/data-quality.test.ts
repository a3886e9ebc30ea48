import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'

const SITE = 'quality-shop'
let key: string

async function bots(day: string, reason: string, count: number, site = SITE) {
  await env.DB.prepare('INSERT INTO bot_counts (site_id, day, reason, count) VALUES (?, ?, ?, ?)')
    .bind(site, day, reason, count)
    .run()
}

async function consent(ts: string, gpc: boolean, site = SITE) {
  await env.DB.prepare(
    `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source, gpc)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  )
    .bind(
      crypto.randomUUID(),
      site,
      crypto.randomUUID(),
      Date.parse(ts),
      gpc ? 'gpc' : 'grant',
      gpc ? 0 : 1,
      gpc ? 'gpc' : 'banner',
      gpc ? 1 : 0,
    )
    .run()
}

beforeAll(async () => {
  await createSite({ id: SITE, timezone: 'Europe/Berlin' })
  await createSite({ id: 'quality-other' })
  key = await createKey(SITE, ['read'])
  // The period 2026-05-10 … 2026-05-11 in Berlin runs from 05-09 22:00 to 05-11 22:00 UTC.
  await bots('2026-05-08', 'bot_user_agent', 100) // before
  await bots('2026-05-09', 'bot_user_agent', 3)
  await bots('2026-05-10', 'bot_user_agent', 4)
  await bots('2026-05-10', 'headless', 2)
  await bots('2026-05-11', 'webdriver', 1)
  await bots('2026-05-12', 'headless', 50) // after
  await bots('2026-05-10', 'headless', 70, 'quality-other')
  await consent('2026-05-09T21:59:00Z', true) // 23:59 Berlin the day before
  await consent('2026-05-09T22:00:00Z', true)
  await consent('2026-05-10T12:00:00Z', false)
  await consent('2026-05-11T12:00:00Z', false)
  await consent('2026-05-11T21:59:59Z', false)
  await consent('2026-05-11T22:00:00Z', true) // 00:00 Berlin the day after
  await consent('2026-05-10T12:00:00Z', true, 'quality-other')
})

describe('GET /sites/{site}/data-quality', () => {
  it('sums bots per reason over the UTC days the period touches, and the GPC share of its consent records', async () => {
    const res = await call(`/sites/${SITE}/data-quality?period=custom&from=2026-05-10&to=2026-05-11`, { key })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      site: SITE,
      period: { from: '2026-05-10', to: '2026-05-11', timezone: 'Europe/Berlin' },
      bots: {
        total: 10,
        by_reason: [
          { reason: 'bot_user_agent', count: 7 },
          { reason: 'headless', count: 2 },
          { reason: 'webdriver', count: 1 },
        ],
      },
      consent: { records: 4, gpc: 1, gpc_share: 25 },
    })
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600')
  })

  it('answers zeros for a quiet period', async () => {
    const res = await call(`/sites/${SITE}/data-quality?period=custom&from=2026-01-01&to=2026-01-02`, { key })
    expect([res.json.bots, res.json.consent]).toEqual([
      { total: 0, by_reason: [] },
      { records: 0, gpc: 0, gpc_share: 0 },
    ])
  })
})
