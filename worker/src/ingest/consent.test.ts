import { describe, expect, it } from 'vitest'
import type { ParsedEnvelope } from '../protocol'
import { enforceConsent } from './consent'
import { SID, VID } from '../../test/envelopes'

const env = (analytics: boolean, marketing: boolean): ParsedEnvelope => ({
  v: 1,
  site: 's',
  vid: VID,
  sid: SID,
  consent: { analytics, marketing },
  events: [{}],
})

describe('enforceConsent', () => {
  it('keeps client ids only with analytics consent', () => {
    expect(enforceConsent(env(true, false), null)).toEqual({
      analytics: true,
      marketing: false,
      vid: VID,
      sid: SID,
      gpc: false,
    })
    expect(enforceConsent(env(false, false), null)).toEqual({
      analytics: false,
      marketing: false,
      vid: null,
      sid: null,
      gpc: false,
    })
  })

  it('turns marketing off for Sec-GPC: 1', () => {
    expect(enforceConsent(env(true, true), null).marketing).toBe(true)
    expect(enforceConsent(env(true, true), '1').marketing).toBe(false)
    expect(enforceConsent(env(true, true), '0').marketing).toBe(true)
    // The signal itself travels on, so the consumer can log the downgrade of a stored grant.
    expect(enforceConsent(env(true, true), ' 1 ').gpc).toBe(true)
    expect(enforceConsent(env(true, false), '0').gpc).toBe(false)
  })

  it('treats the envelope’s gpc flag (no header, or DNT the site respects) like Sec-GPC: 1', () => {
    const flagged = { ...env(true, true), consent: { analytics: true, marketing: true, gpc: true } }
    expect(enforceConsent(flagged, null)).toMatchObject({ marketing: false, gpc: true })
    const unflagged = { ...env(true, true), consent: { analytics: true, marketing: true, gpc: false } }
    expect(enforceConsent(unflagged, null)).toMatchObject({ marketing: true, gpc: false })
  })
})
