import { createHash, randomUUID } from 'node:crypto'
import { Analytics } from '@segment/analytics-node'
import { expect, test } from '@playwright/test'
import { adminHeaders as ADMIN, d1Query, sqlString, waitForRows } from './helpers/d1'

// The real @segment/analytics-node client, pointed at `wrangler dev`: /v1/batch → the ingest
// pipeline → EVENTS queue → D1, with identities stitched on the way.

/** Heed's event id for a Segment messageId (docs/sources.md): UUID v8 from SHA-256 of site and messageId. */
function eventId(site: string, messageId: string) {
  const b = createHash('sha256').update(`segment\n${site}\n${messageId}`).digest().subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

test.describe('Segment Node SDK → Heed', () => {
  test.describe.configure({ timeout: 120_000 })

  test('server events from analytics-node are stored once, mapped to Heed types, and stitched', async ({
    request,
    baseURL,
  }) => {
    const created = await request.post('/api/v1/admin/sites/demo/keys', {
      headers: ADMIN,
      data: { name: 'segment server', scopes: ['ingest'] },
    })
    expect(created.status()).toBe(201)
    const writeKey = (await created.json()).key as string

    const statuses: number[] = []
    const client = () => {
      const analytics = new Analytics({
        writeKey,
        host: baseURL,
        flushAt: 20,
        flushInterval: 200,
        maxRetries: 1,
      })
      analytics.on('http_response', (r) => statuses.push(r.status))
      analytics.on('error', (e) => statuses.push(-1) && console.error(e))
      return analytics
    }

    const anonymousId = randomUUID()
    const userId = `e2e-${randomUUID()}`
    const orderId = `SEG-${randomUUID()}`
    const ids = { search: randomUUID(), order: randomUUID(), page: randomUUID(), identify: randomUUID() }
    const send = async () => {
      const analytics = client()
      analytics.page({
        messageId: ids.page,
        anonymousId,
        name: 'Wool socks',
        properties: { url: 'https://shop.example/socks', title: 'Wool socks' },
      })
      analytics.track({
        messageId: ids.search,
        anonymousId,
        userId,
        event: 'Products Searched',
        properties: { query: 'wool socks' },
      })
      analytics.track({
        messageId: ids.order,
        anonymousId,
        userId,
        event: 'Order Completed',
        timestamp: new Date('2026-11-01T08:30:00Z'),
        properties: {
          order_id: orderId,
          total: 24,
          currency: 'EUR',
          products: [{ product_id: 'socks-1', name: 'Wool socks', price: 12, quantity: 2 }],
        },
      })
      analytics.identify({
        messageId: ids.identify,
        userId,
        traits: { email: 'E2E@Example.com', plan: 'gold' },
      })
      await analytics.closeAndFlush({ timeout: 20_000 })
    }

    await send()
    expect(statuses).toEqual([200])

    const byVid = await waitForRows<{
      type: string
      query: string | null
      order_id: string | null
      value: number | null
      ts: number
    }>(
      `SELECT type, query, order_id, value, ts FROM events WHERE site_id = 'demo' AND vid = ${sqlString(anonymousId)} ORDER BY type`,
      3,
    )
    expect(byVid.map((e) => e.type)).toEqual(['pageview', 'purchase', 'search'])
    expect(byVid[1]).toMatchObject({ order_id: orderId, value: 24 })
    // The backfilled timestamp is kept, shifted only by Segment's drift correction (receivedAt − sentAt).
    expect(Math.abs(byVid[1]!.ts - Date.parse('2026-11-01T08:30:00Z'))).toBeLessThan(5_000)
    expect(byVid[2]).toMatchObject({ query: 'wool socks' })
    expect(
      d1Query(
        `SELECT value, currency FROM orders WHERE site_id = 'demo' AND order_id = ${sqlString(orderId)}`,
      ),
    ).toEqual([{ value: 24, currency: 'EUR' }])

    // The identify (userId only) lives under the user's synthetic visitor id; one person holds both.
    const links = d1Query<{ person_id: string; kind: string }>(
      `SELECT person_id, kind FROM identity_links WHERE site_id = 'demo' AND person_id IN
         (SELECT person_id FROM identity_links WHERE site_id = 'demo' AND key = ${sqlString(`vid:${anonymousId}`)})`,
    )
    expect(links.map((l) => l.kind).sort()).toEqual(['email', 'user', 'vid', 'vid'])
    const everything = JSON.stringify(d1Query(`SELECT * FROM identity_links WHERE site_id = 'demo'`))
    expect(everything).not.toContain('E2E@Example.com'.toLowerCase())
    expect(everything).not.toContain(userId)

    // The SDK retries with the same messageIds: nothing new is stored.
    await send()
    expect(statuses).toEqual([200, 200])
    await new Promise((r) => setTimeout(r, 3_000))
    const eventIds = Object.values(ids).map((m) => sqlString(eventId('demo', m)))
    expect(
      d1Query(`SELECT count(*) AS n FROM events WHERE site_id = 'demo' AND id IN (${eventIds.join(', ')})`),
    ).toEqual([{ n: 4 }])
  })

  test('a group call from analytics-node is stored as a "group" event of the user with its traits', async ({
    request,
    baseURL,
  }) => {
    const created = await request.post('/api/v1/admin/sites/demo/keys', {
      headers: ADMIN,
      data: { name: 'segment group', scopes: ['write'] },
    })
    expect(created.status()).toBe(201)
    const statuses: number[] = []
    const analytics = new Analytics({ writeKey: (await created.json()).key, host: baseURL, maxRetries: 1 })
    analytics.on('http_response', (r) => statuses.push(r.status))
    const anonymousId = randomUUID()
    const messageId = randomUUID()
    analytics.group({
      messageId,
      anonymousId,
      groupId: 'acme-e2e',
      traits: { name: 'Acme', plan: 'enterprise', employees: 120, email: 'billing@acme.example' },
    })
    await analytics.closeAndFlush({ timeout: 20_000 })
    expect(statuses).toEqual([200])
    const [row] = await waitForRows<{ type: string; name: string; props: string; vid: string }>(
      `SELECT type, name, props, vid FROM events WHERE site_id = 'demo' AND id = ${sqlString(eventId('demo', messageId))}`,
      1,
    )
    expect(row).toEqual({
      type: 'custom',
      name: 'group',
      props: JSON.stringify({
        props: { group_id: 'acme-e2e', name: 'Acme', plan: 'enterprise', employees: 120 },
      }),
      vid: anonymousId,
    })
  })

  test('a bad write key is refused and the SDK does not retry it', async ({ baseURL }) => {
    const statuses: number[] = []
    const analytics = new Analytics({
      writeKey: 'heed_nope0000_00000000000000000000000000000000',
      host: baseURL,
      maxRetries: 3,
    })
    analytics.on('http_response', (r) => statuses.push(r.status))
    analytics.track({ userId: 'u', event: 'Nope' })
    await analytics.closeAndFlush({ timeout: 10_000 })
    expect(statuses).toEqual([401])
  })
})
