import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  consentBody,
  insertEvent,
  insertOrder,
  postConsent,
  rowsMentioning,
  secretOf,
} from '../../test/visitor-rows'
import { createSite } from '../../test/fixtures'
import { untilRateLimited } from '../../test/limits'

const ALICE = '1b4e28ba-2fa1-41d2-883f-0016d3cca427'
const BOB = '6fa459ea-ee8a-4ca4-894e-db77e160355e'
const ALICE_CONSENT = '9c5b94b1-35ad-49bb-b118-8e8fc24abf80'
const E1 = 'a3bb189e-8bf9-4888-9912-ace4e6543002'
const E2 = 'f47ac10b-58cc-4372-a567-0e02b2c3d479'

/** GET /me/export as the visitor's browser sends it: the id and, for a known visitor, their secret. */
function exportFor(site: string, vid?: string, origin = 'https://shop.example') {
  return SELF.fetch(`https://heed.test/me/export?site=${site}`, {
    headers: { origin, ...(vid ? { 'x-heed-visitor': vid, 'x-heed-secret': secretOf(vid) } : {}) },
  })
}

interface ExportBody {
  site: string
  visitor_id: string
  tables: Record<string, Record<string, unknown>[]>
  consent_log: Record<string, unknown>[]
}

describe('visitor self-service', () => {
  beforeAll(async () => {
    await createSite({ id: 'shop' })
    await createSite({ id: 'other', origins: ['https://other.example'] })
    // Alice on shop: consent, two pageviews, one order. Bob on shop: one pageview.
    // Alice's id also appears on site "other" (a foreign site must not leak into shop's export).
    await postConsent(consentBody({ consent_id: ALICE_CONSENT, vid: ALICE, marketing: false }))
    await insertEvent('shop', ALICE, E1, '/shoes')
    await insertEvent('shop', ALICE, E2, '/cart')
    await insertOrder('shop', ALICE, 'A-1', 99.5)
    await insertEvent('shop', BOB, crypto.randomUUID(), '/bob')
    await insertEvent('other', ALICE, crypto.randomUUID(), '/elsewhere')
  })

  describe('GET /me/export', () => {
    it("returns exactly that visitor's data on that site and nobody else's", async () => {
      const res = await exportFor('shop', ALICE)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      const body = (await res.json()) as ExportBody
      expect(body.site).toBe('shop')
      expect(body.visitor_id).toBe(ALICE)
      expect(body.tables.events!.map((e) => e.id).sort()).toEqual([E1, E2].sort())
      expect(body.tables.events!.map((e) => e.path).sort()).toEqual(['/cart', '/shoes'])
      expect(body.tables.orders!.map((o) => [o.order_id, o.value])).toEqual([['A-1', 99.5]])
      expect(body.tables.consent_state!).toMatchObject([
        { consent_id: ALICE_CONSENT, analytics: 1, marketing: 0 },
      ])
      expect(body.consent_log.map((r) => [r.consent_id, r.action])).toEqual([[ALICE_CONSENT, 'grant']])
      const text = JSON.stringify(body)
      expect(text).not.toContain(BOB)
      expect(text).not.toContain('/bob')
      expect(text).not.toContain('/elsewhere')
    })

    it('gives a guessed id and a foreign site nothing', async () => {
      const guessed = (await (await exportFor('shop', crypto.randomUUID())).json()) as ExportBody
      expect(Object.values(guessed.tables).flat()).toEqual([])
      expect(guessed.consent_log).toEqual([])
      // Alice's id on site "other" sees only the one row stored for "other".
      const foreign = (await (await exportFor('other', ALICE, 'https://other.example')).json()) as ExportBody
      expect(foreign.tables.events!.map((e) => e.path)).toEqual(['/elsewhere'])
      expect(foreign.tables.orders).toEqual([])
    })

    it.each([
      ['no visitor id', undefined, 401, 'unauthorized'],
      ['a weak visitor id', '12345', 400, 'invalid_visitor_id'],
    ])('refuses %s', async (_name, vid, status, code) => {
      const res = await exportFor('shop', vid)
      expect(res.status).toBe(status)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    })

    it('refuses a visitor id in the URL, a foreign origin and an unknown site', async () => {
      const inUrl = await SELF.fetch(`https://heed.test/me/export?site=shop&vid=${ALICE}`)
      expect(inUrl.status).toBe(400)
      expect(((await inUrl.json()) as { error: { code: string } }).error.code).toBe('visitor_id_in_url')
      expect((await exportFor('shop', ALICE, 'https://evil.example')).status).toBe(403)
      expect((await exportFor('nope', ALICE)).status).toBe(403)
    })
  })

  describe('POST /me/delete', () => {
    it("deletes only that visitor's rows on that site and records the deletion", async () => {
      const carol = crypto.randomUUID()
      await postConsent(consentBody({ vid: carol }))
      await insertEvent('shop', carol, crypto.randomUUID())
      await insertEvent('other', carol, crypto.randomUUID())
      const res = await SELF.fetch('https://heed.test/me/delete', {
        method: 'POST',
        headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
        body: JSON.stringify({ site: 'shop', vid: carol, secret: secretOf(carol) }),
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { deleted: Record<string, number> }).deleted).toMatchObject({
        events: 1,
        orders: 0,
        consent_state: 1,
      })
      // Only the row on the other site remains; shop has nothing about Carol.
      expect(await rowsMentioning(carol)).toEqual({ events: 1 })
    })

    it('accepts the id in the header with an empty body, and refuses it in the URL', async () => {
      const dave = crypto.randomUUID()
      await insertEvent('shop', dave, crypto.randomUUID())
      const inUrl = await SELF.fetch(`https://heed.test/me/delete?site=shop&visitor=${dave}`, {
        method: 'POST',
      })
      expect(inUrl.status).toBe(400)
      expect(await rowsMentioning(dave)).toEqual({ events: 1 })
      const res = await SELF.fetch('https://heed.test/me/delete?site=shop', {
        method: 'POST',
        headers: { 'x-heed-visitor': dave, 'x-heed-secret': secretOf(dave) },
      })
      expect(res.status).toBe(200)
      expect(await rowsMentioning(dave)).toEqual({})
    })
  })

  describe('abuse limits', () => {
    const from = (ip: string) => ({ 'cf-connecting-ip': ip, origin: 'https://limits.example' })
    // Each id comes with its browser's secret, as the snippet sends it (bound at first sight of stored data).
    const del = (vid: string, ip: string) =>
      SELF.fetch('https://heed.test/me/delete?site=me-limits', {
        method: 'POST',
        headers: { 'x-heed-visitor': vid, 'x-heed-secret': `${vid}-${vid}`, ...from(ip) },
      })
    const withdraw = (vid: string, ip: string) =>
      postConsent(
        consentBody({ site: 'me-limits', vid, action: 'withdraw', analytics: false, marketing: false }),
        from(ip),
      )
    const records = async () =>
      (
        await env.DB.prepare(
          "SELECT reason, counts FROM erasures WHERE site_id = 'me-limits' ORDER BY completed_at, rowid",
        ).all<{ reason: string; counts: string }>()
      ).results.map((r) => [
        r.reason,
        Object.values(JSON.parse(r.counts) as Record<string, number>).some((n) => n > 0),
      ])

    it('writes one erasure record a day per site and address for visitors it does not know', async () => {
      await createSite({ id: 'me-limits', origins: ['https://limits.example'] })
      // Random ids from one address: every answer says nothing was there, one record is written.
      const answers = []
      for (let i = 0; i < 5; i++) {
        const res = await del(crypto.randomUUID(), '198.51.100.1')
        answers.push((await res.json()) as { deleted: Record<string, number>; erasure_id: string | null })
      }
      expect(answers.map((a) => Object.values(a.deleted).every((n) => n === 0))).toEqual([
        true,
        true,
        true,
        true,
        true,
      ])
      expect(answers.map((a) => a.erasure_id !== null)).toEqual([true, false, false, false, false])
      expect(await records()).toEqual([['self-service', false]])
      // A withdrawal of an unknown id from the same address adds none; another address gets its own.
      expect((await withdraw(crypto.randomUUID(), '198.51.100.1')).status).toBe(201)
      expect((await del(crypto.randomUUID(), '198.51.100.2')).status).toBe(200)
      expect(await records()).toEqual([
        ['self-service', false],
        ['self-service', false],
      ])
      // A visitor with data is always erased and recorded, whoever asks how often.
      const erin = crypto.randomUUID()
      await insertEvent('me-limits', erin, crypto.randomUUID())
      const known = (await (await del(erin, '198.51.100.1')).json()) as { deleted: Record<string, number> }
      expect(known.deleted.events).toBe(1)
      expect(await records()).toEqual([
        ['self-service', false],
        ['self-service', false],
        ['self-service', true],
      ])
    })

    it('limits /me and /consent per client address (VISITOR_LIMITER: 120 a minute), with 429 and Retry-After', async () => {
      const exportFrom = (ip: string) =>
        SELF.fetch('https://heed.test/me/export?site=shop', {
          headers: {
            'x-heed-visitor': crypto.randomUUID(),
            'cf-connecting-ip': ip,
            origin: 'https://shop.example',
          },
        })
      const limited = await untilRateLimited(() => exportFrom('198.51.100.9'), 120, 200, 10)
      expect(await limited.json()).toEqual({
        error: { code: 'rate_limited', message: 'Too many requests from this address; retry in a minute' },
      })
      // /consent shares the address's budget; other addresses are not affected.
      expect((await postConsent(consentBody(), { 'cf-connecting-ip': '198.51.100.9' })).status).toBe(429)
      expect((await postConsent(consentBody(), { 'cf-connecting-ip': '198.51.100.10' })).status).toBe(201)
      expect((await exportFrom('198.51.100.10')).status).toBe(200)
    }, 60_000)
  })
})
