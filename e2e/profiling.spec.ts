import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { adminHeaders, d1Query, e2eOrigin, sqlList, waitForRows } from './helpers/d1'

// The cron locally: consent and events through the real endpoints, then `/__scheduled` on
// `wrangler dev --test-scheduled` (AI_PROVIDER=rules, the offline default) profiles the demo shop.
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const shop = `${e2eOrigin}/demo/`
const headers = { 'content-type': 'text/plain;charset=UTF-8', origin: e2eOrigin, 'user-agent': UA }
const DAY = 86_400_000

interface Shopper {
  vid: string
  /** what the shopper's browser keeps beside the id (heed_id.k): decisions about a known visitor need it */
  secret: string
  marketing: boolean
  buys: number
}

/** A browser's ids: a visitor id and its secret, two UUIDv4s as heed.js makes it. */
const shopper = (marketing: boolean, buys: number): Shopper => ({
  vid: randomUUID(),
  secret: `${randomUUID()}${randomUUID()}`,
  marketing,
  buys,
})

const event = (type: string, ts: number, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type,
  ts,
  url: shop,
  ...extra,
})

function visit(ts: number, buy: boolean) {
  const boots = { id: 'boots', name: 'Trail boots', category: 'Footwear', price: 120, quantity: 1 }
  return [
    event('pageview', ts, {
      url: `${shop}category/footwear?utm_source=newsletter&utm_medium=email`,
      title: 'Footwear',
    }),
    event('search', ts + 1_000, { query: 'waterproof boots', results: 4 }),
    event('view_item', ts + 2_000, { items: [boots] }),
    ...(buy
      ? [
          event('add_to_cart', ts + 3_000, { value: 120, currency: 'EUR', items: [boots] }),
          event('purchase', ts + 5_000, {
            order_id: `E2E-${randomUUID()}`,
            value: 120,
            currency: 'EUR',
            items: [boots],
          }),
        ]
      : []),
  ]
}

test('the scheduled run profiles consented demo-shop visitors with the rules provider', async ({
  request,
}) => {
  test.setTimeout(180_000) // each D1 read goes through `wrangler d1 execute`
  const consentIds = new Map<string, string>()
  const shoppers: Shopper[] = [
    shopper(true, 3),
    shopper(true, 1),
    shopper(true, 0),
    shopper(true, 0),
    shopper(false, 2), // analytics only: must never be profiled
    shopper(false, 0),
  ]
  let expectedEvents = 0
  for (const s of shoppers) {
    const consentId = randomUUID()
    consentIds.set(s.vid, consentId)
    const decision = await request.post('/consent', {
      headers,
      data: JSON.stringify({
        site: 'demo',
        consent_id: consentId,
        action: 'grant',
        analytics: true,
        marketing: s.marketing,
        source: 'banner',
        banner_version: '1',
        vid: s.vid,
        secret: s.secret,
      }),
    })
    expect(decision.status(), await decision.text()).toBeLessThan(300)
    // three visits over the last days; the first `buys` of them end in a purchase
    for (let v = 0; v < 3; v++) {
      const events = visit(Date.now() - (3 - v) * DAY, v < s.buys)
      expectedEvents += events.length
      const res = await request.post('/collect', {
        headers,
        data: JSON.stringify({
          v: 1,
          site: 'demo',
          vid: s.vid,
          sid: randomUUID(),
          consent: { analytics: true, marketing: s.marketing, id: consentId },
          events,
        }),
      })
      expect(res.status(), await res.text()).toBe(202)
    }
  }
  const vids = sqlList(shoppers.map((s) => s.vid))
  await waitForRows(`SELECT id FROM events WHERE site_id = 'demo' AND vid IN ${vids}`, expectedEvents)

  const cron = await request.get('/__scheduled?cron=*/15+*+*+*+*')
  expect(cron.status()).toBe(200)

  const profiles = d1Query<{
    vid: string
    provider: string
    lifecycle: string
    segment: string
    persona_id: string
  }>(
    `SELECT vid, provider, lifecycle, segment, persona_id FROM profiles WHERE site_id = 'demo' AND vid IN ${vids}`,
  )
  const consented = shoppers.filter((s) => s.marketing)
  expect(new Set(profiles.map((p) => p.vid))).toEqual(new Set(consented.map((s) => s.vid)))
  expect(profiles.every((p) => p.provider === 'rules' && p.persona_id)).toBe(true)
  const lifecycle = new Map(profiles.map((p) => [p.vid, p.lifecycle]))
  expect(consented.map((s) => lifecycle.get(s.vid))).toEqual([
    'repeat_buyer',
    'first_time_buyer',
    'engaged',
    'engaged',
  ])

  const personas = d1Query<{ name: string; size: number }>(
    `SELECT name, size FROM personas WHERE site_id = 'demo'`,
  )
  expect(personas.length).toBeGreaterThan(0)
  const run = d1Query<{ status: string; trigger: string; provider: string }>(
    `SELECT status, trigger, provider FROM profiling_runs WHERE site_id = 'demo' ORDER BY id DESC LIMIT 1`,
  )
  expect(run).toEqual([{ status: 'ok', trigger: 'cron', provider: 'rules' }])

  // The marketer sees them through the API; withdrawing marketing consent removes the profile.
  const api = await request.get('/api/v1/sites/demo/profiles?limit=100', {
    headers: adminHeaders,
  })
  expect(api.status()).toBe(200)
  const listed = ((await api.json()) as { data: { vid: string }[] }).data.map((p) => p.vid)
  for (const s of consented) expect(listed).toContain(s.vid)

  const leaving = consented[0]!
  const change = await request.post('/consent', {
    headers,
    data: JSON.stringify({
      site: 'demo',
      consent_id: consentIds.get(leaving.vid),
      action: 'change',
      analytics: true,
      marketing: false,
      source: 'settings',
      vid: leaving.vid,
      secret: leaving.secret,
    }),
  })
  expect(change.status(), await change.text()).toBeLessThan(300)
  expect(d1Query(`SELECT vid FROM profiles WHERE site_id = 'demo' AND vid = '${leaving.vid}'`)).toEqual([])
  // …and the next run does not bring it back, although the visitor's events are still there.
  expect((await request.get('/__scheduled?cron=*/15+*+*+*+*')).status()).toBe(200)
  expect(d1Query(`SELECT vid FROM profiles WHERE site_id = 'demo' AND vid = '${leaving.vid}'`)).toEqual([])
})
