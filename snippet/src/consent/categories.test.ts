import { describe, expect, it } from 'vitest'
import { actionFor } from './categories'
import { optOutSignal } from './signals'

describe('actionFor', () => {
  it.each([
    ['analytics', 'unknown', 'banner', 'grant'],
    ['marketing', 'denied', 'banner', 'grant'],
    ['analytics', 'marketing', 'banner', 'change'],
    ['marketing', 'analytics', 'api', 'change'],
    ['denied', 'unknown', 'banner', 'deny'],
    ['withdrawn', 'marketing', 'banner', 'withdraw'],
    ['analytics', 'marketing', 'gpc', 'gpc'],
  ] as const)('%s after %s from %s → %s', (next, prev, source, expected) => {
    expect(actionFor(next, prev, source)).toBe(expected)
  })
})

describe('optOutSignal', () => {
  const nav = (gpc?: boolean, dnt?: string) =>
    ({ globalPrivacyControl: gpc, doNotTrack: dnt ?? null }) as unknown as Navigator
  it('is GPC, and DNT only when the site asks for it', () => {
    expect(optOutSignal(nav(true), false)).toBe(true)
    expect(optOutSignal(nav(false, '1'), false)).toBe(false)
    expect(optOutSignal(nav(false, '1'), true)).toBe(true)
    expect(optOutSignal(nav(undefined, '0'), true)).toBe(false)
  })
})
