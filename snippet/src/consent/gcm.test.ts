import { describe, expect, it } from 'vitest'
import { emitGcm, gcmCategories, hasGcm, watchGcm } from './gcm'

// gtag pushes its `arguments` object; an array-like with the same indexes behaves the same here.
function args(...a: unknown[]) {
  return { ...a, length: a.length }
}
const denied = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
}

describe('gcmCategories', () => {
  it('a default alone is the site’s configuration, not a decision', () => {
    expect(gcmCategories([args('consent', 'default', denied)])).toBeNull()
    expect(hasGcm([args('consent', 'default', denied)])).toBe(true)
    expect(hasGcm([{ event: 'gtm.js' }])).toBe(false)
    expect(hasGcm(undefined)).toBe(false)
  })

  it('applies updates over the default, in order; unset means denied', () => {
    const base = [args('consent', 'default', denied), { event: 'page' }]
    expect(gcmCategories([...base, args('consent', 'update', { analytics_storage: 'granted' })])).toEqual({
      analytics: true,
      marketing: false,
    })
    const all = { analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }
    expect(gcmCategories([...base, args('consent', 'update', all)])).toEqual({
      analytics: true,
      marketing: true,
    })
    expect(
      gcmCategories([
        ...base,
        args('consent', 'update', all),
        args('consent', 'update', { ad_personalization: 'denied' }),
      ]),
    ).toEqual({ analytics: true, marketing: false })
    expect(gcmCategories([args('consent', 'update', { ad_user_data: 'granted' })])).toEqual({
      analytics: false,
      marketing: false,
    })
  })
})

describe('watchGcm', () => {
  it('reports the state found and every later consent update, and keeps dataLayer.push working', () => {
    const reports: unknown[] = []
    const dataLayer: unknown[] = [args('consent', 'default', denied)]
    const w = { dataLayer }
    expect(watchGcm(w, (c, s) => reports.push([c, s]))).toBe(true)
    expect(reports).toEqual([])
    expect(dataLayer.push({ event: 'x' })).toBe(2)
    dataLayer.push(args('consent', 'update', { analytics_storage: 'granted' }))
    expect(reports).toEqual([[{ analytics: true, marketing: false }, 'cmp:gcm']])
    expect(dataLayer).toHaveLength(3)
    expect(watchGcm({ dataLayer: [] }, () => {})).toBe(false)
  })
})

describe('emitGcm', () => {
  it('mirrors a choice into Consent Mode through gtag, or dataLayer when gtag is missing', () => {
    const calls: unknown[][] = []
    emitGcm({ gtag: (...a: unknown[]) => calls.push(a) }, { analytics: true, marketing: false })
    expect(calls).toEqual([
      [
        'consent',
        'update',
        {
          analytics_storage: 'granted',
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
        },
      ],
    ])
    const w: { dataLayer?: unknown[] } = {}
    emitGcm(w, { analytics: true, marketing: true })
    expect(gcmCategories(w.dataLayer!)).toEqual({ analytics: true, marketing: true })
  })
})
