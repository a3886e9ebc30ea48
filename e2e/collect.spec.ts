import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { d1Query, e2eOrigin, sqlList, waitForRows } from './helpers/d1'

// Real batches through `wrangler dev`: /collect → EVENTS queue → consumer → local D1.
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const VID = randomUUID()
const page = `${e2eOrigin}/demo/`

function envelope(events: Record<string, unknown>[]) {
  return {
    v: 1,
    site: 'demo',
    vid: VID,
    sid: randomUUID(),
    consent: { analytics: true, marketing: false },
    events,
  }
}
const base = (type: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type,
  ts: Date.now(),
  url: page,
  ...extra,
})

test.describe('POST /collect through wrangler dev', () => {
  // Each D1 read spawns `wrangler d1 execute` (seconds on a busy machine).
  test.describe.configure({ timeout: 90_000 })

  test('stores real batches in D1 exactly once, whatever is replayed', async ({ request }) => {
    const send = (body: unknown, origin = e2eOrigin) =>
      request.post('/collect', {
        data: JSON.stringify(body),
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': UA },
      })

    const pageviews = Array.from({ length: 10 }, (_, i) =>
      base('pageview', { url: `${page}p/${i}?utm_source=e2e`, title: `Page ${i}` }),
    )
    const mixed = [
      base('click', { tag: 'a', text: 'Go', href: 'https://example.org/x', kind: 'outbound' }),
      base('search', { query: 'lamp', results: 3 }),
      base('engagement', { visible_ms: 4_200, scroll_pct: 80 }),
      base('custom', { name: 'signup', props: { plan: 'pro' } }),
      base('add_to_cart', { value: 30, currency: 'EUR', items: [{ id: 'lamp', price: 30, quantity: 1 }] }),
    ]
    const orderId = `E2E-${randomUUID()}`
    const purchase = () =>
      base('purchase', {
        order_id: orderId,
        value: 30,
        currency: 'EUR',
        items: [{ id: 'lamp', price: 30, quantity: 1 }],
      })
    const first = purchase()

    const answers = []
    for (const body of [
      envelope(pageviews),
      envelope(mixed),
      envelope([first]),
      envelope([purchase()]),
      envelope(pageviews),
    ]) {
      const res = await send(body)
      expect(res.status()).toBe(202)
      expect(res.headers()['access-control-allow-origin']).toBe(e2eOrigin)
      answers.push(await res.json())
    }
    expect(answers).toEqual([
      { accepted: 10, duplicates: 0, rejected: [] },
      { accepted: 5, duplicates: 0, rejected: [] },
      { accepted: 1, duplicates: 0, rejected: [] },
      { accepted: 0, duplicates: 1, rejected: [] }, // same order id: the thank-you page reloaded
      { accepted: 0, duplicates: 10, rejected: [] }, // the first batch replayed
    ])

    const ids = [...pageviews, ...mixed, first].map((e) => e.id)
    const rows = await waitForRows<{ id: string; type: string; vid: string; utm_source: string | null }>(
      `SELECT id, type, vid, utm_source FROM events WHERE site_id = 'demo' AND vid = '${VID}' ORDER BY ts`,
      ids.length,
    )
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids))
    expect(rows.filter((r) => r.type === 'pageview').every((r) => r.utm_source === 'e2e')).toBe(true)
    expect(
      d1Query(
        `SELECT id, count(*) AS n FROM events WHERE site_id = 'demo' AND id IN ${sqlList(ids)} GROUP BY id HAVING n > 1`,
      ),
    ).toEqual([])
    expect(
      d1Query(
        `SELECT order_id, event_id, value FROM orders WHERE site_id = 'demo' AND order_id = '${orderId}'`,
      ),
    ).toEqual([{ order_id: orderId, event_id: first.id, value: 30 }])

    // Refused outright, never stored.
    expect((await send(envelope([base('pageview')]), 'https://evil.example')).status()).toBe(403)
    expect((await send('not json')).status()).toBe(400)
  })

  test('a browser beacon (text/plain, no preflight) is stored once', async ({ page: tab }) => {
    await tab.goto('/healthz')
    const event = base('pageview', { title: 'From a beacon' })
    const queued = await tab.evaluate(
      (body) => navigator.sendBeacon('/collect', body),
      JSON.stringify(envelope([event])),
    )
    expect(queued).toBe(true)
    const [row] = await waitForRows<{ id: string; title: string; browser: string }>(
      `SELECT id, title, browser FROM events WHERE site_id = 'demo' AND id = '${event.id}'`,
      1,
    )
    expect(row).toEqual({ id: event.id, title: 'From a beacon', browser: 'Chrome' })
  })
})
