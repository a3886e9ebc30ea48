import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { ADMIN } from '../../../test/api'
import { createKey, createSite } from '../../../test/fixtures'
import { collectRequest, envelope, eventId } from '../../../test/envelopes'
import { untilRateLimited } from '../../../test/limits'
import { identifierKey, siteSalt } from '../identity/identifiers'
import { personView } from '../../audience/person'
import { stitchWebIdentifies } from '../identity/web-identify'
import { eventIdOf } from './message'

const SITE = 'segment-site'
let writeKey: string
let readKey: string
beforeAll(async () => {
  await createSite({ id: SITE })
  writeKey = await createKey(SITE, ['write'])
  readKey = await createKey(SITE, ['read'])
})

const WAIT = { timeout: 4000, interval: 100 }
const basic = (key: string) => `Basic ${btoa(`${key}:`)}`
const post = (path: string, body: unknown, auth: string | null = basic(writeKey)) =>
  SELF.fetch(`https://heed.example/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all<Record<string, unknown>>()
  ).results

describe('Segment HTTP API auth and limits', { timeout: 30_000 }, () => {
  it('needs a write key of a site as the Basic username (or writeKey in the body)', async () => {
    const batch = { batch: [{ type: 'track', userId: 'u', event: 'X', messageId: 'auth-1' }] }
    expect((await post('batch', batch, null)).status).toBe(401)
    expect((await post('batch', batch, basic('heed_nope0000_00000000000000000000000000000000'))).status).toBe(
      401,
    )
    expect((await post('batch', batch, `Bearer ${ADMIN}`)).status).toBe(401)
    const read = await post('batch', batch, basic(readKey))
    expect(read.status).toBe(403)
    expect(await read.json()).toMatchObject({ success: false, error: { code: 'forbidden' } })
    await createSite({ id: 'segment-auth' })
    const other = await createKey('segment-auth', ['write'])
    expect((await post('batch', { ...batch, writeKey: other }, null)).status).toBe(200)
  })

  it('takes an ingest key, which sends events and can read nothing', async () => {
    await createSite({ id: 'segment-ingest' })
    const ingest = await createKey('segment-ingest', ['ingest'])
    const batch = { batch: [{ type: 'track', userId: 'u', event: 'X', messageId: 'ingest-1' }] }
    const sent = await post('batch', batch, basic(ingest))
    expect([sent.status, await sent.json()]).toEqual([
      200,
      { success: true, accepted: 1, duplicates: 0, rejected: [] },
    ])
    const read = await SELF.fetch('https://heed.example/api/v1/sites/segment-ingest/persons', {
      headers: { authorization: `Bearer ${ingest}` },
    })
    expect([read.status, await read.json()]).toEqual([
      403,
      { error: { code: 'forbidden', message: 'This key lacks the "read" scope' } },
    ])
  })

  it('records when the key was last used', async () => {
    await createSite({ id: 'segment-used' })
    const key = await createKey('segment-used', ['ingest'])
    const batch = { batch: [{ type: 'track', userId: 'u', event: 'X', messageId: 'used-1' }] }
    expect((await post('batch', batch, basic(key))).status).toBe(200)
    const row = await env.DB.prepare(
      "SELECT last_used_at FROM api_keys WHERE site_id = 'segment-used'",
    ).first<{
      last_used_at: number | null
    }>()
    expect(row?.last_used_at).toBeGreaterThan(Date.now() - 60_000)
  })

  it('counts against the site’s daily quota: 429 quota_exceeded with Retry-After once it is used', async () => {
    await createSite({ id: 'segment-quota', settings: { ingest: { dailyQuota: 2 } } })
    const key = await createKey('segment-quota', ['ingest'])
    const track = (id: string) => ({ type: 'track', userId: 'u', event: 'X', messageId: id })
    const first = await post('batch', { batch: [track('q-1'), track('q-2')] }, basic(key))
    expect(first.status).toBe(200)
    const over = await post('batch', { batch: [track('q-3')] }, basic(key))
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await over.json()).toEqual({
      success: false,
      error: { code: 'quota_exceeded', message: 'This site has used its daily event quota' },
    })
  })

  it('rate limits per key (SEGMENT_LIMITER: 600 a minute) with 429 and Retry-After', async () => {
    await createSite({ id: 'segment-rate' })
    const key = await createKey('segment-rate', ['ingest'])
    const limited = await untilRateLimited(() => post('batch', { batch: [] }, basic(key)), 600, 200)
    expect(await limited.json()).toEqual({
      success: false,
      error: { code: 'rate_limited', message: 'Too many requests for this key; retry in a minute' },
    })
    // Another key is not affected.
    expect((await post('batch', { batch: [] })).status).toBe(200)
  }, 120_000)

  it('answers 400 to bad JSON and to a batch over 500 KB', async () => {
    const bad = await post('batch', '{nope')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ success: false, error: { code: 'invalid_json' } })
    const big = {
      batch: [{ type: 'track', userId: 'u', event: 'X', properties: { pad: 'x'.repeat(520 * 1024) } }],
    }
    const res = await post('batch', big)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'too_large' } })
  })

  it('answers 400 with the place, not 500, to a body nested too deep', async () => {
    await createSite({ id: 'segment-deep' })
    const auth = basic(await createKey('segment-deep', ['write']))
    /** `levels` objects inside each other: { a: { a: … { a: 1 } } }. */
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
    // 80,000 levels fit in the 500 KB body; a recursive JSON.stringify (Node 22's) overflows at 5,000.
    const deep = `{"batch":[{"type":"track","userId":"u","event":"Deep","messageId":"deep-1","properties":${nested(80_000)}}]}`
    expect(deep.length).toBeLessThan(500 * 1024)
    const res = await post('batch', deep, auth)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      success: false,
      error: { code: 'too_deep', message: 'batch.0.properties nests deeper than 32 levels; flatten it' },
    })
    // The single-call endpoints check the same.
    const single = await post('track', `{"userId":"u","event":"Deep","context":${nested(40)}}`, auth)
    expect(single.status).toBe(400)
    expect(await single.json()).toEqual({
      success: false,
      error: { code: 'too_deep', message: 'context.a.a nests deeper than 32 levels; flatten it' },
    })
    // An order as an e-commerce backend sends it, nested a few levels, is stored as usual.
    const order = {
      batch: [
        {
          type: 'track',
          userId: 'u',
          event: 'Order Completed',
          messageId: 'order-nested-1',
          context: {
            library: { name: 'analytics-node', version: '6.0.0' },
            page: { url: 'https://shop.example/' },
          },
          properties: {
            order_id: 'N-1',
            total: 25,
            currency: 'EUR',
            products: [{ product_id: 'p1', price: 25, variant: { size: { eu: 42, us: 9 }, colour: 'red' } }],
          },
        },
      ],
    }
    expect(await (await post('batch', order, auth)).json()).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      rejected: [],
    })
    expect(await rows("SELECT count(*) AS n FROM quarantine WHERE site_id = 'segment-deep'")).toEqual([
      { n: 0 },
    ])
  })
})

describe('Segment messages through the ingest pipeline', { timeout: 30_000 }, () => {
  it('stores a batch once, maps spec events, stitches ids and deduplicates on messageId', async () => {
    const anon = '5c0b7a3e-1b2c-4d5e-8f90-123456789abc'
    const batch = {
      batch: [
        {
          type: 'track',
          messageId: 'm-order-1',
          anonymousId: anon,
          userId: 'cust-42',
          event: 'Order Completed',
          timestamp: '2026-11-20T12:00:00.000Z',
          properties: {
            order_id: 'SEG-1',
            total: 30,
            currency: 'EUR',
            products: [{ product_id: 'p1', price: 30 }],
          },
        },
        {
          type: 'page',
          messageId: 'm-page-1',
          anonymousId: anon,
          name: 'Shoes',
          properties: { url: 'https://shop.example/shoes' },
        },
        {
          type: 'identify',
          messageId: 'm-id-1',
          userId: 'cust-42',
          traits: { email: 'Ana@Example.com', plan: 'gold' },
        },
        {
          type: 'group',
          messageId: 'm-group-1',
          userId: 'cust-42',
          groupId: 'acme-1',
          traits: { name: 'Acme', plan: 'enterprise', employees: 120, email: 'billing@acme.example' },
        },
        { type: 'group', messageId: 'm-group-2', userId: 'cust-42', traits: { name: 'no id' } },
      ],
    }
    const res = await post('batch', batch)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      success: true,
      accepted: 4,
      duplicates: 0,
      rejected: [{ messageId: 'm-group-2', reason: 'invalid_event' }],
    })
    await vi.waitFor(
      async () => expect(await rows('SELECT id FROM events WHERE site_id = ?', SITE)).toHaveLength(4),
      {
        timeout: 8000,
        interval: 100,
      },
    )
    const orderId = await eventIdOf(SITE, 'm-order-1')
    const [order] = await rows('SELECT * FROM events WHERE site_id = ? AND id = ?', SITE, orderId)
    expect(order).toMatchObject({
      type: 'purchase',
      order_id: 'SEG-1',
      value: 30,
      currency: 'EUR',
      vid: anon,
    })
    // A backfilled server timestamp (8 days old) is kept, not replaced by the receive time, and
    // the pipeline itself flags the row as a server's (no clock-skew flag or note).
    expect(order!.ts).toBe(Date.parse('2026-11-20T12:00:00.000Z'))
    expect(JSON.parse(order!.flags as string)).toEqual(['server'])
    expect(String(order!.props ?? '')).not.toContain('clock_skew')
    expect(await rows('SELECT order_id, value FROM orders WHERE site_id = ?', SITE)).toEqual([
      { order_id: 'SEG-1', value: 30 },
    ])
    const [identify] = await rows(
      `SELECT props, vid FROM events WHERE site_id = ? AND type = 'identify'`,
      SITE,
    )
    expect(identify!.props).not.toContain('Ana@')
    expect(identify!.vid).toMatch(/^x[0-9a-f]{32}$/)
    // The group call: a custom "group" event of the user, its traits flat and without contact fields.
    const [group] = await rows(
      `SELECT name, props, vid FROM events WHERE site_id = ? AND type = 'custom'`,
      SITE,
    )
    expect(group).toEqual({
      name: 'group',
      props: JSON.stringify({
        props: { group_id: 'acme-1', name: 'Acme', plan: 'enterprise', employees: 120 },
      }),
      vid: identify!.vid,
    })
    await vi.waitFor(
      async () =>
        expect(await rows(`SELECT reason FROM quarantine WHERE site_id = ?`, SITE)).toEqual([
          { reason: 'invalid_event' },
        ]),
      WAIT,
    )

    // One person holds the anonymous id, the user id, the synthetic vid of the user and the e-mail hash.
    const salt = await siteSalt(env.DB, SITE)
    const userKey = (await identifierKey(salt, 'user', 'cust-42'))!
    const emailKey = (await identifierKey(salt, 'email', 'ana@example.com'))!
    const links = await rows(
      'SELECT key, kind, person_id FROM identity_links WHERE site_id = ? ORDER BY kind, key',
      SITE,
    )
    expect(new Set(links.map((l) => l.person_id)).size).toBe(1)
    expect(links.map((l) => l.key)).toEqual(
      expect.arrayContaining([`vid:${anon}`, userKey, emailKey, `vid:${identify!.vid}`]),
    )
    expect(JSON.stringify(links)).not.toContain('cust-42')
    const view = await personView(env.DB, SITE, links[0]!.person_id as string)
    expect(view.found && view.person.timeline.map((e) => `${e.origin}:${e.type}`).sort()).toEqual([
      'server:custom',
      'server:identify',
      'server:pageview',
      'server:purchase',
    ])

    // The client retries the same batch: nothing new is stored.
    expect((await post('batch', batch)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await rows('SELECT id FROM events WHERE site_id = ?', SITE)).toHaveLength(4)
  })

  it('single-call endpoints and alias stitch a previous anonymous id to the user', async () => {
    await createSite({ id: 'segment-alias' })
    const key = await createKey('segment-alias', ['write'])
    const res = await post(
      'alias',
      { userId: 'u-77', previousId: 'old-anon-0001-aaaaaaaaaaaa', messageId: 'a1' },
      basic(key),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ success: true, accepted: 0 })
    const track = await post(
      'track',
      {
        anonymousId: 'old-anon-0001-aaaaaaaaaaaa',
        event: 'Products Searched',
        properties: { query: 'boots' },
        messageId: 't1',
      },
      basic(key),
    )
    expect(await track.json()).toMatchObject({ success: true, accepted: 1 })
    const links = await rows('SELECT kind, person_id FROM identity_links WHERE site_id = ?', 'segment-alias')
    expect(links.map((l) => l.kind).sort()).toEqual(['user', 'user', 'vid', 'vid'])
    expect(new Set(links.map((l) => l.person_id)).size).toBe(1)
    await vi.waitFor(
      async () =>
        expect(await rows(`SELECT type, query, vid FROM events WHERE site_id = ?`, 'segment-alias')).toEqual([
          { type: 'search', query: 'boots', vid: 'old-anon-0001-aaaaaaaaaaaa' },
        ]),
      WAIT,
    )
  })

  it('personal data in ids, names and traits never reaches a table, and a hashed user id still joins the web', async () => {
    const site = 'segment-pii'
    await createSite({ id: site })
    const key = await createKey(site, ['write'])
    const anon = 'segment-pii-anon-aaaaaaaaaaaa'
    const web = 'segment-pii-web-bbbbbbbbbbbbb'
    const consent = { consent: { categoryPreferences: { marketing: true } } }
    const res = await post(
      'batch',
      {
        batch: [
          {
            type: 'identify',
            messageId: 'pii-identify',
            anonymousId: anon,
            userId: 'ana@example.com',
            traits: { firstName: 'Ana', name: 'Ana Lima', mobile: 4917012345678, plan: 'gold' },
            context: consent,
          },
          {
            type: 'track',
            messageId: 'pii-order',
            anonymousId: anon,
            userId: 'ana@example.com',
            event: 'Order Completed',
            properties: {
              order_id: 'ana@example.com',
              total: 10,
              currency: 'EUR',
              products: [{ product_id: 'gift:ana@example.com', name: 'Card for ana@example.com', price: 10 }],
            },
          },
          {
            type: 'track',
            messageId: 'pii-custom',
            anonymousId: anon,
            event: 'Invited ana@example.com',
            properties: { mobilePhone: 4917012345678, zip: 10115, plan: 'gold' },
          },
          {
            type: 'identify',
            messageId: 'pii-anon',
            anonymousId: anon,
            traits: { name: 'Ana Lima', plan: 'gold' },
          },
        ],
      },
      basic(key),
    )
    expect(await res.json()).toMatchObject({ success: true, accepted: 4, rejected: [] })
    // The same customer signs in on the web, with marketing consent.
    const identify = {
      id: eventId(),
      type: 'identify',
      ts: Date.now(),
      url: 'https://shop.example/',
      user_id: 'ana@example.com',
    }
    const collected = await SELF.fetch(
      collectRequest(
        envelope(site, [identify], {
          vid: web,
          sid: `${web}-s`,
          consent: { analytics: true, marketing: true },
        }),
      ),
    )
    expect(collected.status).toBe(202)
    await vi.waitFor(
      async () => expect(await rows('SELECT id FROM events WHERE site_id = ?', site)).toHaveLength(5),
      WAIT,
    )

    const stored = JSON.stringify([
      ...(await rows('SELECT * FROM events WHERE site_id = ?', site)),
      ...(await rows('SELECT * FROM orders WHERE site_id = ?', site)),
    ])
    for (const trace of ['ana@', 'ana%40', 'Ana', '4917012345678']) expect(stored).not.toContain(trace)
    expect(
      await rows(`SELECT name, props FROM events WHERE site_id = ? AND type = 'custom' ORDER BY name`, site),
    ).toEqual([
      {
        name: 'Invited [email]',
        props: '{"props":{"mobilePhone":"[redacted]","zip":"[redacted]","plan":"gold"}}',
      },
      { name: 'identify', props: '{"props":{"name":"[redacted]","plan":"gold"}}' },
    ])
    const [item] = JSON.parse(
      (await rows('SELECT items FROM orders WHERE site_id = ?', site))[0]!.items as string,
    )
    expect(item).toMatchObject({ id: 'gift:[email]', name: 'Card for [email]' })

    await stitchWebIdentifies(env.DB, Date.now())
    const salt = await siteSalt(env.DB, site)
    const userKey = (await identifierKey(salt, 'user', 'ana@example.com'))!
    const links = await rows('SELECT key, person_id FROM identity_links WHERE site_id = ?', site)
    expect(links.map((l) => l.key)).toEqual(expect.arrayContaining([`vid:${anon}`, `vid:${web}`, userKey]))
    expect(new Set(links.map((l) => l.person_id)).size).toBe(1)
  })

  it('rejects messages without identity or with a bad shape, with reasons, and quarantines them', async () => {
    const res = await post('batch', {
      batch: [
        { type: 'track', event: 'X', messageId: 'no-id' },
        { type: 'bogus', userId: 'u', messageId: 'bad-type' },
        { type: 'track', userId: 'u', event: 'Order Completed', messageId: 'no-order', properties: {} },
      ],
    })
    expect(await res.json()).toEqual({
      success: true,
      accepted: 0,
      duplicates: 0,
      rejected: [
        { messageId: 'no-id', reason: 'missing_identity' },
        { messageId: 'bad-type', reason: 'invalid_message' },
        { messageId: 'no-order', reason: 'invalid_event' },
      ],
    })
  })
})
