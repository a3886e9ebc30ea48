import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { db } from '../db/client'
import { stillGrantingMarketing } from './state'
import { consentBody, postConsent } from '../../test/visitor-rows'

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'
const C = '00000000-0000-4000-8000-00000000000c'
const D = '00000000-0000-4000-8000-00000000000d'

describe('stillGrantingMarketing', () => {
  beforeAll(async () => {
    await createSite({ id: 'shop' })
    await createSite({ id: 'other', origins: ['https://other.example'] })
    await postConsent(consentBody({ vid: A })) // marketing
    await postConsent(consentBody({ vid: B, marketing: false })) // analytics only
    await postConsent(consentBody({ vid: C })) // marketing, then changes to analytics only
    await postConsent(consentBody({ vid: C, action: 'change', marketing: false }))
    await postConsent(consentBody({ vid: D })) // marketing, then withdraws
    await postConsent(consentBody({ vid: D, action: 'withdraw', analytics: false, marketing: false }))
    await postConsent(consentBody({ vid: B, site: 'other' }), { origin: 'https://other.example' })
  })

  it('lists only the visitors whose current logged decision grants marketing, per site', async () => {
    expect(await stillGrantingMarketing(db(env.DB), 'shop', [A, B, C, D])).toEqual(new Set([A]))
    expect(await stillGrantingMarketing(db(env.DB), 'other', [A, B, C, D])).toEqual(new Set([B]))
  })

  it('re-checks a set of visitors in one go: only A still grants marketing on this site', async () => {
    expect(await stillGrantingMarketing(db(env.DB), 'shop', [A, B, C, D])).toEqual(new Set([A]))
    expect(await stillGrantingMarketing(db(env.DB), 'shop', [B, D])).toEqual(new Set())
    expect(await stillGrantingMarketing(db(env.DB), 'shop', [])).toEqual(new Set())
  })
})
