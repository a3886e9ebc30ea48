import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { insertEvents, insertOrders } from '../../../test/raw-rows'
import { call } from '../../../test/api'

const SITE = 'api-records'
let key: string
const T = Date.parse('2026-05-10T12:00:00Z')

async function profile(
  vid: string,
  segment: string,
  lifecycle: string,
  intent: number,
  persona: string | null,
) {
  await env.DB.prepare(
    `INSERT INTO profiles (site_id, vid, persona_id, segment, lifecycle, interests, purchase_intent, price_sensitivity,
       preferred_channel, summary, next_best_action, features, feature_hash, last_event_ts, provider, model, prompt_version, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', 'email', 'summary', 'offer', '{}', 'h', ?, 'rules', 'rules', 'v1', ?)`,
  )
    .bind(
      SITE,
      vid,
      persona,
      segment,
      lifecycle,
      JSON.stringify([{ topic: 'shoes', score: 0.8 }]),
      intent,
      T,
      T,
    )
    .run()
}

beforeAll(async () => {
  await createSite({ id: SITE })
  await createSite({ id: 'api-records-other' })
  key = await createKey(SITE, ['read'])
  await profile('v1', 'vip', 'loyal', 0.9, 'p1')
  await profile('v2', 'bargain', 'new', 0.2, 'p2')
  await profile('v3', 'vip', 'repeat_buyer', 0.7, 'p1')
  await profile('v4', 'bargain', 'at_risk', 0.1, null)
  for (const [id, name, size] of [
    ['p1', 'Loyal fans', 2],
    ['p2', 'Deal seekers', 1],
  ] as const)
    await env.DB.prepare(
      `INSERT INTO personas (site_id, id, name, description, needs, action, size, centroid, centroid_hash, provider, model, prompt_version, updated_at)
       VALUES (?, ?, ?, 'd', '["quality"]', 'a', ?, '[]', 'c', 'rules', 'rules', 'v1', ?)`,
    )
      .bind(SITE, id, name, size, T)
      .run()
  await insertEvents(env.DB, [
    { site_id: SITE, vid: 'v1', sid: 's1', ts: T, path: '/', props: { props: { plan: 'pro' } } },
    {
      site_id: SITE,
      vid: 'v1',
      sid: 's1',
      ts: T + 1000,
      path: '/checkout',
      type: 'purchase',
      order_id: 'o1',
      value: 10,
    },
    { site_id: 'api-records-other', vid: 'v1', sid: 'x', ts: T, path: '/secret' },
  ])
  await insertOrders(env.DB, [{ site_id: SITE, order_id: 'o1', vid: 'v1', ts: T + 1000, value: 10 }])
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES (?, 'v1', 'c1', 1, 1, 'banner', ?)`,
    ).bind(SITE, T),
    ...[
      ['l1', 'c1', T - 5000, 'grant', 1, 0],
      ['l2', 'c1', T - 1000, 'change', 1, 1],
      ['l3', 'c2', T - 2000, 'deny', 0, 0],
    ].map(([id, cid, ts, action, a, m]) =>
      env.DB.prepare(
        `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source, gpc) VALUES (?, ?, ?, ?, ?, ?, ?, 'banner', 0)`,
      ).bind(id, SITE, cid, ts, action, a, m),
    ),
    ...[
      ['bad_json', 'x'],
      ['bad_json', 'y'],
      ['unknown_type', 'z'],
    ].map(([reason, detail]) =>
      env.DB.prepare(
        `INSERT INTO quarantine (site_id, event_id, reason, detail, payload, created_at) VALUES (?, NULL, ?, ?, '{"a":1}', ?)`,
      ).bind(SITE, reason, detail, Date.now()),
    ),
    env.DB.prepare(
      `INSERT INTO quarantine (site_id, reason, payload, created_at) VALUES ('api-records-other', 'other_site', NULL, ?)`,
    ).bind(Date.now()),
  ])
})
const get = (path: string) => call(`/sites/${SITE}${path}`, { key })

describe('profiles, timeline, consent and quarantine', () => {
  it('lists profiles with filters and cursor pages', async () => {
    const all = await get('/profiles?limit=3')
    expect(all.json.data.map((p: { vid: string }) => p.vid)).toEqual(['v1', 'v2', 'v3'])
    expect(all.json.data[0].interests).toEqual([{ topic: 'shoes', score: 0.8 }])
    const next = await get(`/profiles?limit=3&cursor=${all.json.next_cursor}`)
    expect(next.json).toMatchObject({ data: [{ vid: 'v4' }], next_cursor: null })
    expect((await get('/profiles?segment=vip')).json.data.map((p: { vid: string }) => p.vid)).toEqual([
      'v1',
      'v3',
    ])
    expect((await get('/profiles?lifecycle=at_risk')).json.data.map((p: { vid: string }) => p.vid)).toEqual([
      'v4',
    ])
    expect((await get('/profiles?min_intent=0.5')).json.data.map((p: { vid: string }) => p.vid)).toEqual([
      'v1',
      'v3',
    ])
    expect((await get('/profiles?lifecycle=vip')).status).toBe(400)
  })

  it('summarises segments, lifecycles and personas', async () => {
    const s = await get('/profiles/summary')
    expect(s.json.profiles).toBe(4)
    expect(s.json.segments).toEqual([
      { segment: 'bargain', visitors: 2, average_intent: 0.15 },
      { segment: 'vip', visitors: 2, average_intent: 0.8 },
    ])
    expect(
      s.json.personas.map((p: { id: string; profiles: number; needs: string[] }) => [
        p.id,
        p.profiles,
        p.needs,
      ]),
    ).toEqual([
      ['p1', 2, ['quality']],
      ['p2', 1, ['quality']],
    ])
  })

  it("shows one visitor's timeline on this site only", async () => {
    const t = await get('/visitors/v1')
    expect(t.status).toBe(200)
    expect(t.json.events.map((e: { path: string }) => e.path)).toEqual(['/checkout', '/']) // not /secret
    expect(t.json.events[1].props).toEqual({ props: { plan: 'pro' } })
    expect(t.json.orders).toMatchObject([{ order_id: 'o1', value: 10 }])
    expect(t.json.consent.current).toEqual({
      analytics: true,
      marketing: true,
      source: 'banner',
      banner_version: null,
    })
    expect(t.json.consent.history.map((h: { action: string }) => h.action)).toEqual(['change', 'grant'])
    expect(t.json.profile).toMatchObject({ segment: 'vip', lifecycle: 'loyal' })
    expect((await get('/visitors/nobody')).status).toBe(404)
  })

  it('lists consent records newest first with a summary, paged', async () => {
    const day = '2026-05-10'
    const first = await get(`/consent?period=custom&from=${day}&to=${day}&limit=2`)
    expect(first.json.summary).toEqual({
      records: 3,
      by_action: { grant: 1, change: 1, deny: 1 },
      analytics_granted: 2,
      marketing_granted: 1,
    })
    expect(first.json.data.map((r: { id: string }) => r.id)).toEqual(['l2', 'l3'])
    expect(first.json.data[0].marketing).toBe(true)
    const second = await get(
      `/consent?period=custom&from=${day}&to=${day}&limit=2&cursor=${first.json.next_cursor}`,
    )
    expect(second.json).toMatchObject({ data: [{ id: 'l1' }], next_cursor: null })
    expect((await get(`/consent?period=custom&from=${day}&to=${day}&action=deny`)).json.data).toHaveLength(1)
  })

  it('counts quarantine reasons and lists samples of this site only', async () => {
    const q = await get('/quarantine')
    expect(q.json.reasons.map((r: { reason: string; count: number }) => [r.reason, r.count])).toEqual([
      ['bad_json', 2],
      ['unknown_type', 1],
    ])
    expect(q.json.data).toHaveLength(3)
    expect(q.json.data[0].payload).toEqual({ a: 1 })
    const only = await get('/quarantine?reason=unknown_type')
    expect(only.json.data.map((r: { detail: string }) => r.detail)).toEqual(['z'])
  })
})
