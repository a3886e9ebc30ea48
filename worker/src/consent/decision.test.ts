import { describe, expect, it } from 'vitest'
import { decisionSchema, jurisdictionOf, toDecision } from './decision'

const CONSENT_ID = '5f0c8a8e-4a8b-4c1e-9d7e-0b7a3c2d1e4f'
const VID = '0d9e3b1a-7c6f-4e2d-8a1b-2c3d4e5f6a7b'
const base = {
  site: 'shop',
  consent_id: CONSENT_ID,
  action: 'grant',
  analytics: true,
  marketing: true,
  source: 'banner',
} as const

describe('decisionSchema', () => {
  it('accepts a banner grant and a CMP source', () => {
    expect(decisionSchema.safeParse(base).success).toBe(true)
    expect(decisionSchema.safeParse({ ...base, source: 'cmp:onetrust', vid: VID }).success).toBe(true)
  })

  it.each([
    ['a deny that grants analytics', { ...base, action: 'deny' }],
    ['a withdrawal that grants marketing', { ...base, action: 'withdraw', analytics: false }],
    ['a grant of nothing', { ...base, analytics: false, marketing: false }],
    ['a short consent id', { ...base, consent_id: 'abc' }],
    ['a guessable visitor id', { ...base, vid: '12345' }],
    ['an unknown source', { ...base, source: 'whatever' }],
    ['an unknown action', { ...base, action: 'maybe' }],
    ['a string where a boolean belongs', { ...base, analytics: 'yes' }],
  ])('refuses %s', (_name, body) => {
    expect(decisionSchema.safeParse(body).success).toBe(false)
  })
})

describe('toDecision', () => {
  const parse = (b: unknown) => decisionSchema.parse(b)

  it('keeps what the visitor chose when no signal interferes', () => {
    const d = toDecision(parse({ ...base, vid: VID, banner_version: '3' }), { secGpc: false })
    expect(d).toMatchObject({ analytics: true, marketing: true, gpc: false, vid: VID, bannerVersion: '3' })
  })

  it('turns marketing off under Sec-GPC and under navigator.globalPrivacyControl, and records the flag', () => {
    expect(toDecision(parse(base), { secGpc: true })).toMatchObject({
      analytics: true,
      marketing: false,
      gpc: true,
    })
    expect(toDecision(parse({ ...base, gpc: true }), { secGpc: false })).toMatchObject({
      marketing: false,
      gpc: true,
    })
  })

  it('records marketing without analytics as not granted', () => {
    expect(toDecision(parse({ ...base, analytics: false }), { secGpc: false })).toMatchObject({
      analytics: false,
      marketing: false,
    })
  })

  it('prefers the edge jurisdiction over the one the page declares', () => {
    const d = parse({ ...base, jurisdiction: 'FR' })
    expect(toDecision(d, { secGpc: false, country: 'DE' }).jurisdiction).toBe('DE')
    expect(toDecision(d, { secGpc: false }).jurisdiction).toBe('FR')
  })
})

describe('jurisdictionOf', () => {
  it.each([
    [{ country: 'DE' }, 'DE'],
    [{ country: 'us', regionCode: 'ca' }, 'US-CA'],
    [{ country: 'US' }, 'US'],
    [{ country: 'FR', regionCode: 'IDF' }, 'FR'],
    [{ country: 'XX' }, null],
    [{ country: 'T1' }, null],
    [{}, null],
  ])('%j → %s', (cf, expected) => {
    expect(jurisdictionOf(cf)).toBe(expected)
  })
})
