import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createSite } from '../../test/fixtures'
import { untilRateLimited } from '../../test/limits'
import { collectRequest, envelope, eventId, pageview, UA_FIREFOX, VID } from '../../test/envelopes'

const post = (req: Request) => SELF.fetch(req)

async function rows(sql: string, ...args: unknown[]) {
  return (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results
}
async function eventsOf(site: string) {
  return rows('SELECT * FROM events WHERE site_id = ? ORDER BY ts', site)
}
/** The queue consumer runs on its own; wait until D1 shows what it stored. */
async function waitForEvents(site: string, n: number) {
  await vi.waitFor(async () => expect(await eventsOf(site)).toHaveLength(n), {
    timeout: 10_000,
    interval: 100,
  })
  return eventsOf(site)
}

describe('POST /collect', () => {
  it('accepts a batch, queues it and the consumer stores every event once', async () => {
    const site = await createSite({ id: 'collect-happy' })
    const a = pageview({ url: 'https://shop.example/shoes?utm_source=news&gclid=abc', title: 'Shoes' })
    const b = pageview({ url: 'https://shop.example/cart' })
    const res = await post(collectRequest(envelope(site, [a, b])))
    expect(res.status).toBe(202)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    const stored = await waitForEvents(site, 2)
    expect(stored.find((r) => r.id === a.id)).toMatchObject({
      url: 'https://shop.example/shoes?utm_source=news',
      path: '/shoes',
      title: 'Shoes',
      vid: VID,
      utm_source: 'news',
      medium: 'paid',
      browser: 'Firefox',
      os: 'Windows',
      device: 'desktop',
      marketing: 0,
    })
  })

  it('takes application/json as well as text/plain', async () => {
    const site = await createSite({ id: 'collect-json' })
    const res = await post(collectRequest(envelope(site, [pageview()]), { contentType: 'application/json' }))
    expect(res.status).toBe(202)
  })

  it.each([
    ['non-JSON', 'hello', 'invalid_json', undefined],
    ['JSON of the wrong shape', { hello: 'world' }, 'invalid_envelope', 'v'],
    ['an empty events array', envelope('collect-any', []), 'invalid_envelope', 'events'],
    [
      '51 events',
      envelope(
        'collect-any',
        Array.from({ length: 51 }, () => pageview()),
      ),
      'invalid_envelope',
      'events',
    ],
  ])('answers 400 for %s', async (_name, body, code, path) => {
    const res = await post(collectRequest(body))
    expect(res.status).toBe(400)
    const json = (await res.json()) as { error: { code: string; path?: string; message: string } }
    expect(json.error.code).toBe(code)
    expect(json.error.path).toBe(path)
    expect(json.error.message.length).toBeGreaterThan(0)
  })

  it('answers 413 for a 65 KiB body, with Content-Length or chunked, and for a 1 MB string', async () => {
    const site = await createSite({ id: 'collect-big' })
    const big = JSON.stringify(envelope(site, [pageview({ title: 'x'.repeat(65 * 1024) })]))
    const sized = await post(collectRequest(big))
    expect(sized.status).toBe(413)
    expect(await sized.json()).toEqual({ error: { code: 'too_large', message: 'Body exceeds 65536 bytes' } })

    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8_192) controller.enqueue(bytes.slice(i, i + 8_192))
        controller.close()
      },
    })
    const chunked = await post(
      new Request('https://heed.test/collect', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': UA_FIREFOX },
        body: stream,
      }),
    )
    expect(chunked.status).toBe(413)

    const mega = await post(
      collectRequest(JSON.stringify(envelope(site, [pageview({ title: 'y'.repeat(1024 * 1024) })]))),
    )
    expect(mega.status).toBe(413)
  })

  it('answers 403 for an unknown site and for a foreign or opaque Origin', async () => {
    const site = await createSite({ id: 'collect-origin', origins: ['https://shop.example'] })
    const unknown = await post(collectRequest(envelope('no-such-site', [pageview()])))
    expect(unknown.status).toBe(403)
    expect(await unknown.json()).toEqual({ error: { code: 'unknown_site', message: 'Unknown site' } })
    for (const origin of ['https://evil.example', 'null', 'http://shop.example']) {
      const res = await post(collectRequest(envelope(site, [pageview()]), { origin }))
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden_origin')
    }
    // No Origin: a server-side sender, accepted (and subject to the bot filter).
    expect((await post(collectRequest(envelope(site, [pageview()]), { origin: null }))).status).toBe(202)
  })

  it('answers CORS preflights for allowed origins only', async () => {
    const site = await createSite({ id: 'collect-cors', origins: ['https://cors.example'] })
    const preflight = (origin: string, query = '') =>
      SELF.fetch(`https://heed.test/collect${query}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    const ok = await preflight('https://cors.example')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://cors.example')
    expect(ok.headers.get('access-control-allow-headers')).toBe('Content-Type')
    expect((await preflight('https://cors.example', `?site=${site}`)).status).toBe(204)
    expect((await preflight('https://evil.example')).status).toBe(403)
    expect((await preflight('https://cors.example', '?site=other')).status).toBe(403)
  })

  it('counts bots per site and reason and stores none of their events', async () => {
    const site = await createSite({ id: 'collect-bots' })
    const e = pageview()
    const res = await post(
      collectRequest(envelope(site, [e, pageview()]), {
        userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)',
      }),
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({
      accepted: 0,
      rejected: [{ id: e.id, reason: 'bot' }, { reason: 'bot' }],
    })
    await post(collectRequest(envelope(site, [pageview()], { hints: { webdriver: true } })))
    await vi.waitFor(
      async () =>
        expect(
          await rows('SELECT reason, count FROM bot_counts WHERE site_id = ? ORDER BY reason', site),
        ).toEqual([
          { reason: 'bot_user_agent', count: 2 },
          { reason: 'webdriver', count: 1 },
        ]),
      { timeout: 10_000, interval: 100 },
    )
    expect(await eventsOf(site)).toEqual([])
  })

  it('stores no client ids without analytics consent: a daily-salted hash instead, and no identify', async () => {
    const site = await createSite({ id: 'collect-cookieless' })
    const pv = pageview()
    const identify = {
      id: eventId(),
      type: 'identify',
      ts: Date.now(),
      url: 'https://shop.example/',
      user_id: 'u1',
    }
    const res = await post(
      collectRequest(envelope(site, [pv, identify], { consent: { analytics: false, marketing: true } })),
    )
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ id: identify.id, reason: 'consent_required' }],
    })
    const [row] = await waitForEvents(site, 1)
    expect(row?.vid).toMatch(/^anon_[0-9a-f]{24}$/)
    expect(row?.sid).toBeNull()
    // Same IP, same browser, same day → same visitor.
    await post(
      collectRequest(envelope(site, [pageview()], { consent: { analytics: false, marketing: false } })),
    )
    const both = await waitForEvents(site, 2)
    expect(both[1]?.vid).toBe(row?.vid)
  })

  it('turns marketing off for Sec-GPC: 1', async () => {
    const site = await createSite({ id: 'collect-gpc' })
    const consent = { analytics: true, marketing: true }
    await post(collectRequest(envelope(site, [pageview({ ts: Date.now() - 10 })], { consent })))
    await post(collectRequest(envelope(site, [pageview()], { consent }), { headers: { 'sec-gpc': '1' } }))
    const stored = await waitForEvents(site, 2)
    expect(stored.map((r) => r.marketing)).toEqual([1, 0])
  })

  it('answers a replayed batch as all duplicates and stores it once', async () => {
    const site = await createSite({ id: 'collect-replay' })
    const body = envelope(site, [pageview(), pageview(), pageview()])
    expect(await (await post(collectRequest(body))).json()).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [],
    })
    expect(await (await post(collectRequest(body))).json()).toEqual({
      accepted: 0,
      duplicates: 3,
      rejected: [],
    })
    await waitForEvents(site, 3)
  })

  it('counts the same order_id once, within a request and across requests', async () => {
    const site = await createSite({ id: 'collect-orders' })
    const order = () => ({
      id: eventId(),
      type: 'purchase',
      ts: Date.now(),
      url: 'https://shop.example/thanks',
      order_id: 'ORD-7',
      value: 99.5,
      currency: 'EUR',
    })
    expect(await (await post(collectRequest(envelope(site, [order(), order()])))).json()).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [],
    })
    expect(await (await post(collectRequest(envelope(site, [order()])))).json()).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: [],
    })
    await waitForEvents(site, 1)
    expect(await rows('SELECT order_id, value FROM orders WHERE site_id = ?', site)).toEqual([
      { order_id: 'ORD-7', value: 99.5 },
    ])
  })

  it('rejects bad events one by one with reasons and quarantines them', async () => {
    const site = await createSite({ id: 'collect-mixed' })
    const good = pageview()
    const noId = { type: 'pageview', ts: Date.now(), url: 'https://shop.example/' }
    const negative = {
      id: eventId(),
      type: 'purchase',
      ts: Date.now(),
      url: 'https://shop.example/',
      order_id: 'o',
      value: -1,
    }
    const nested = {
      id: eventId(),
      type: 'custom',
      ts: Date.now(),
      url: 'https://shop.example/',
      name: 'n',
      props: { a: { b: { c: 1 } } },
    }
    const res = await post(collectRequest(envelope(site, [good, noId, negative, nested, 'junk'])))
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { id: null, reason: 'missing_id' },
        { id: negative.id, reason: 'invalid_event' },
        { id: nested.id, reason: 'invalid_event' },
        { id: null, reason: 'missing_id' },
      ],
    })
    await vi.waitFor(
      async () =>
        expect(
          await rows('SELECT reason, detail FROM quarantine WHERE site_id = ? ORDER BY id', site),
        ).toEqual([
          { reason: 'missing_id', detail: 'id: required' },
          { reason: 'invalid_event', detail: 'value: Too small: expected number to be >=0' },
          { reason: 'invalid_event', detail: 'props.a: Invalid input' },
          { reason: 'missing_id', detail: 'id: required' },
        ]),
      { timeout: 10_000, interval: 100 },
    )
  })

  it('answers 429 with Retry-After once the site’s daily quota is used', async () => {
    const site = await createSite({ id: 'collect-quota', settings: { ingest: { dailyQuota: 2 } } })
    expect((await post(collectRequest(envelope(site, [pageview(), pageview()])))).status).toBe(202)
    const over = await post(collectRequest(envelope(site, [pageview()])))
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('quota_exceeded')
  })

  const fromAddress = (i: number) => ({ 'cf-connecting-ip': `198.18.${i >> 8}.${i & 255}` })

  it('answers 429 with Retry-After when one visitor id exceeds the rate limit binding (600 requests/min), from any address', async () => {
    const site = await createSite({ id: 'collect-rate' })
    const vid = 'rate-limited-visitor-0001'
    const limited = await untilRateLimited(
      (i) => post(collectRequest(envelope(site, [pageview()], { vid }), { headers: fromAddress(i) })),
      600,
      202,
    )
    expect(await limited.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests for this visitor; retry later' },
    })
  }, 90_000)

  it('answers 429 when one address exceeds the rate limit binding, however many visitor ids it rotates', async () => {
    const site = await createSite({ id: 'collect-rate-address' })
    const limited = await untilRateLimited(
      () =>
        post(
          collectRequest(envelope(site, [pageview()], { vid: crypto.randomUUID() }), {
            headers: { 'cf-connecting-ip': '198.51.100.23' },
          }),
        ),
      600,
      202,
    )
    expect(await limited.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests from this address; retry later' },
    })
    // Another address is not affected.
    const other = await post(
      collectRequest(envelope(site, [pageview()]), { headers: { 'cf-connecting-ip': '198.51.100.24' } }),
    )
    expect(other.status).toBe(202)
  }, 90_000)

  it('keeps one address rotating visitor ids from using up the daily quota: other addresses still get 202', async () => {
    // Quota 1,000: past 500 accepted, each address may have 10 (1 %) accepted for the rest of the day.
    const site = await createSite({ id: 'collect-share', settings: { ingest: { dailyQuota: 1_000 } } })
    const attack = () =>
      post(
        collectRequest(
          envelope(
            site,
            Array.from({ length: 50 }, () => pageview()),
            { vid: crypto.randomUUID() },
          ),
          { headers: { 'cf-connecting-ip': '2001:db8:66:1::1' } },
        ),
      )
    const answers: Response[] = []
    for (let i = 0; i < 30; i++) answers.push(await attack())
    const accepted = answers.filter((r) => r.status === 202).length * 50
    // 500 before the site came under pressure, then one batch over the address's 10.
    expect(accepted).toBeGreaterThanOrEqual(550)
    expect(accepted).toBeLessThan(1_000)
    const refused = answers.at(-1)!
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toEqual({
      error: {
        code: 'address_quota_exceeded',
        message: "This address has sent its share of the site's daily event quota",
      },
    })
    // Another address of the same /64 is the same client.
    const sameBlock = await post(
      collectRequest(envelope(site, [pageview()], { vid: crypto.randomUUID() }), {
        headers: { 'cf-connecting-ip': '2001:db8:66:1:ffff::2' },
      }),
    )
    expect(sameBlock.status).toBe(429)
    // A real visitor from elsewhere still gets in, and so does the next one.
    for (const ip of ['203.0.113.99', '2001:db8:77:1::1']) {
      const visitor = await post(
        collectRequest(envelope(site, [pageview()], { vid: crypto.randomUUID() }), {
          headers: { 'cf-connecting-ip': ip },
        }),
      )
      expect([ip, visitor.status]).toEqual([ip, 202])
    }
    // The consumer counted the addresses seen under pressure: the attacker's one batch and the visitors'.
    await vi.waitFor(
      async () =>
        expect(
          (await rows('SELECT events FROM address_usage WHERE site_id = ? ORDER BY events', site)).map(
            (r) => r.events,
          ),
        ).toEqual([1, 1, 50]),
      { timeout: 10_000, interval: 100 },
    )
  }, 60_000)

  it('never answers 500, whatever the body', async () => {
    const site = await createSite({ id: 'collect-fuzz' })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 })
            .map((events) => JSON.stringify(envelope(site, events))),
        ),
        async (body) => {
          const res = await post(collectRequest(body))
          expect([202, 400, 403, 413]).toContain(res.status)
          await res.arrayBuffer()
        },
      ),
      { numRuns: 150 },
    )
  }, 120_000)
})
