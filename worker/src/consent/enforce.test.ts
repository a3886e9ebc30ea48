import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { applyLoggedConsent } from './enforce'
import { consentBody, postConsent } from '../../test/visitor-rows'

const MARKETER = crypto.randomUUID() // logged: analytics + marketing
const ANALYST = crypto.randomUUID() // logged: analytics only
const UNKNOWN = crypto.randomUUID() // nothing logged
const ERASED = crypto.randomUUID() // withdrew
let erasedAt = 0

describe('applyLoggedConsent', () => {
  beforeAll(async () => {
    await createSite({ id: 'shop' })
    await postConsent(consentBody({ vid: MARKETER }))
    await postConsent(consentBody({ vid: ANALYST, marketing: false }))
    await postConsent(consentBody({ vid: ERASED }))
    await postConsent(consentBody({ vid: ERASED, action: 'withdraw', analytics: false, marketing: false }))
    erasedAt = (await env.DB.prepare('SELECT max(completed_at) AS at FROM erasures').first<{ at: number }>())!
      .at
  })

  it('downgrades a marketing claim the last logged decision contradicts, and keeps the rest', async () => {
    const rows = [
      { siteId: 'shop', vid: MARKETER, marketing: true, n: 1 },
      { siteId: 'shop', vid: ANALYST, marketing: true, n: 2 },
      { siteId: 'shop', vid: ANALYST, marketing: false, n: 3 },
      { siteId: 'shop', vid: UNKNOWN, marketing: true, n: 4 },
      { siteId: 'shop', vid: null, marketing: false, n: 5 },
      // The marketer's id on another site has no logged decision there.
      { siteId: 'elsewhere', vid: ANALYST, marketing: true, n: 6 },
    ]
    expect(await applyLoggedConsent(env.DB, rows)).toEqual([
      { siteId: 'shop', vid: MARKETER, marketing: true, n: 1 },
      { siteId: 'shop', vid: ANALYST, marketing: false, n: 2 },
      { siteId: 'shop', vid: ANALYST, marketing: false, n: 3 },
      { siteId: 'shop', vid: UNKNOWN, marketing: true, n: 4 },
      { siteId: 'shop', vid: null, marketing: false, n: 5 },
      { siteId: 'elsewhere', vid: ANALYST, marketing: true, n: 6 },
    ])
  })

  it('drops rows of an erased visitor received before the erasure, keeps later ones without marketing', async () => {
    const out = await applyLoggedConsent(env.DB, [
      { siteId: 'shop', vid: ERASED, marketing: true, receivedAt: erasedAt - 1, n: 1 },
      { siteId: 'shop', vid: ERASED, marketing: true, n: 2 },
      { siteId: 'shop', vid: ERASED, marketing: true, receivedAt: erasedAt + 1, n: 3 },
    ])
    expect(out).toEqual([{ siteId: 'shop', vid: ERASED, marketing: false, receivedAt: erasedAt + 1, n: 3 }])
  })

  it('does not touch the input rows', async () => {
    const input = [{ siteId: 'shop', vid: ANALYST, marketing: true }]
    await applyLoggedConsent(env.DB, input)
    expect(input[0]!.marketing).toBe(true)
  })
})
