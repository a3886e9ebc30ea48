import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { applyLoggedConsent } from '../consent/enforce'
import {
  consentBody,
  insertEvent,
  insertOrder,
  insertProfile,
  postConsent,
  rowsMentioning,
} from '../../test/visitor-rows'
import { createSite } from '../../test/fixtures'

const logRows = (consentId: string) =>
  env.DB.prepare('SELECT * FROM consent_log WHERE consent_id = ? ORDER BY ts, rowid')
    .bind(consentId)
    .all<Record<string, unknown>>()
    .then((r) => r.results)

describe('POST /consent', () => {
  beforeAll(async () => {
    await createSite({ id: 'shop' })
  })

  it('appends a decision with categories, source, version, jurisdiction, GPC flag and time — no IP, no UA', async () => {
    const body = consentBody({ locale: 'de', jurisdiction: 'DE' })
    const before = Date.now()
    const res = await postConsent(body, {
      'cf-connecting-ip': '203.0.113.7',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ analytics: true, marketing: true })
    const rows = await logRows(body.consent_id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      site_id: 'shop',
      consent_id: body.consent_id,
      action: 'grant',
      analytics: 1,
      marketing: 1,
      source: 'banner',
      banner_version: '1',
      locale: 'de',
      jurisdiction: 'DE',
      gpc: 0,
    })
    expect(rows[0]!.ts as number).toBeGreaterThanOrEqual(before)
    const stored = JSON.stringify(rows[0])
    expect(stored).not.toContain('203.0.113')
    expect(stored).not.toContain('Firefox')
  })

  it('logs every decision as a new row: grant, change, deny stay in order', async () => {
    const id = crypto.randomUUID()
    await postConsent(consentBody({ consent_id: id, marketing: false }))
    await postConsent(consentBody({ consent_id: id, action: 'change', marketing: true }))
    await postConsent(consentBody({ consent_id: id, action: 'deny', analytics: false, marketing: false }))
    const rows = await logRows(id)
    expect(rows.map((r) => [r.action, r.analytics, r.marketing])).toEqual([
      ['grant', 1, 0],
      ['change', 1, 1],
      ['deny', 0, 0],
    ])
  })

  it('Sec-GPC: 1 records marketing as refused and the GPC flag', async () => {
    const body = consentBody()
    const res = await postConsent(body, { 'sec-gpc': '1' })
    expect(await res.json()).toMatchObject({ analytics: true, marketing: false })
    expect((await logRows(body.consent_id))[0]).toMatchObject({ marketing: 0, gpc: 1 })
  })

  it.each([
    ['non-JSON', 'not json', 400, 'invalid_json'],
    ['an array', '[]', 400, 'invalid_decision'],
    ['a deny that grants', JSON.stringify(consentBody({ action: 'deny' })), 400, 'invalid_decision'],
    ['a bad source', JSON.stringify(consentBody({ source: '<script>' })), 400, 'invalid_decision'],
    ['an unknown site', JSON.stringify(consentBody({ site: 'nope' })), 403, 'unknown_site'],
    ['a 5 KB body', JSON.stringify(consentBody({ pad: 'x'.repeat(5000) })), 413, 'too_large'],
  ])('answers %s with a clear 4xx', async (_name, body, status, code) => {
    const res = await postConsent(body)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
  })

  it('refuses a foreign Origin and writes nothing', async () => {
    const body = consentBody()
    const res = await postConsent(body, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await logRows(body.consent_id)).toEqual([])
  })

  it('answers the CORS preflight', async () => {
    const { SELF } = await import('cloudflare:test')
    const res = await SELF.fetch('https://heed.test/consent', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example')
  })

  describe('withdrawal', () => {
    it('deletes every row about the visitor in the same request, records the deletion, keeps others', async () => {
      const vid = crypto.randomUUID()
      const other = crypto.randomUUID()
      const consentId = crypto.randomUUID()
      await postConsent(consentBody({ consent_id: consentId, vid }))
      await insertEvent('shop', vid, crypto.randomUUID(), '/a')
      await insertEvent('shop', vid, crypto.randomUUID(), '/b')
      await insertOrder('shop', vid, `order-${vid}`, 42)
      await insertEvent('shop', other, crypto.randomUUID(), '/other')
      await postConsent(consentBody({ vid: other }))

      const res = await postConsent(
        consentBody({ consent_id: consentId, vid, action: 'withdraw', analytics: false, marketing: false }),
      )
      expect(res.status).toBe(201)
      // 2 events, 1 order, 1 consent state row — counted by hand from the inserts above.
      expect(((await res.json()) as { erased: Record<string, number> }).erased).toMatchObject({
        events: 2,
        orders: 1,
        consent_state: 1,
      })

      expect(await rowsMentioning(vid)).toEqual({})
      expect(Object.keys(await rowsMentioning(other)).sort()).toEqual([
        'consent_state',
        'events',
        'visitor_credentials',
      ])
      const erasure = await env.DB.prepare(
        "SELECT reason, counts FROM erasures WHERE site_id = 'shop' ORDER BY completed_at DESC LIMIT 1",
      ).first<{ reason: string; counts: string }>()
      expect(erasure?.reason).toBe('withdraw')
      expect(JSON.parse(erasure!.counts)).toMatchObject({ events: 2, orders: 1, consent_state: 1 })
      // The proof of consent stays: grant then withdraw, under the consent id only.
      expect((await logRows(consentId)).map((r) => r.action)).toEqual(['grant', 'withdraw'])
    })

    it('withdrawing marketing alone erases the profile, keeps the events, and does not block later events', async () => {
      const vid = crypto.randomUUID()
      await postConsent(consentBody({ vid }))
      await insertEvent('shop', vid, crypto.randomUUID())
      await insertProfile('shop', vid)
      const res = await postConsent(consentBody({ vid, action: 'change', marketing: false }))
      // Every marketing-only table is counted; this profile was stored without member rows.
      expect(((await res.json()) as { erased: Record<string, number> }).erased).toEqual({
        profiles: 1,
        profile_members: 0,
        survey_responses: 0,
        survey_turns: 0,
      })
      expect(await rowsMentioning(vid)).toEqual({ events: 1, consent_state: 1, visitor_credentials: 1 })
      const later = await applyLoggedConsent(env.DB, [
        { siteId: 'shop', vid, marketing: true, receivedAt: 0 },
      ])
      expect(later).toEqual([{ siteId: 'shop', vid, marketing: false, receivedAt: 0 }])
    })

    it('a deny-all change from a visitor with an id is a withdrawal too', async () => {
      const vid = crypto.randomUUID()
      await postConsent(consentBody({ vid }))
      await insertEvent('shop', vid, crypto.randomUUID())
      await postConsent(consentBody({ vid, action: 'change', analytics: false, marketing: false }))
      expect(await rowsMentioning(vid)).toEqual({})
    })
  })
})
