import { describe, expect, it } from 'vitest'
import { cmpPresent } from './adapters'

const consentDefault = { 0: 'consent', 1: 'default', 2: { analytics_storage: 'denied' }, length: 3 }

describe('cmpPresent', () => {
  it.each([
    ['nothing on the page', {}, 'auto', false, false],
    ['a TCF API', { __tcfapi: () => {} }, 'auto', false, true],
    ['a Consent Mode default', { dataLayer: [consentDefault] }, 'auto', false, true],
    ['a Consent Mode default Heed itself mirrors to', { dataLayer: [consentDefault] }, 'auto', true, false],
    ['a plain dataLayer', { dataLayer: [{ event: 'gtm.js' }] }, 'auto', false, false],
    ['data-cmp="tcf" before the CMP loaded (awaited, no banner)', {}, 'tcf', false, true],
    ['data-cmp="none" despite a TCF API', { __tcfapi: () => {} }, 'none', false, false],
  ])('%s → %s', (_name, w, which, ours, expected) => {
    expect(cmpPresent(w, which, ours)).toBe(expected)
  })
})
