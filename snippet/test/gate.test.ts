import { describe, expect, it } from 'vitest'
import { allows, type Choice, type ConsentState, decide, type Mode, standing, stores } from '../src/gate'

// consent.md §5.2, written out by hand: 2 = sent, 1 = held in memory for this page, 0 = dropped.
const matrix: [
  ConsentState,
  Mode,
  { pageview: number; click: number; purchase: number; identify: number },
][] = [
  ['unknown', 'opt-in', { pageview: 1, click: 0, purchase: 0, identify: 0 }],
  ['unknown', 'cookieless', { pageview: 2, click: 0, purchase: 0, identify: 0 }],
  ['denied', 'opt-in', { pageview: 0, click: 0, purchase: 0, identify: 0 }],
  ['denied', 'cookieless', { pageview: 2, click: 0, purchase: 0, identify: 0 }],
  ['denied', 'opt-out', { pageview: 0, click: 0, purchase: 0, identify: 0 }],
  ['analytics', 'opt-in', { pageview: 2, click: 2, purchase: 2, identify: 0 }],
  ['marketing', 'opt-in', { pageview: 2, click: 2, purchase: 2, identify: 2 }],
  ['marketing', 'cookieless', { pageview: 2, click: 2, purchase: 2, identify: 2 }],
  ['withdrawn', 'opt-in', { pageview: 0, click: 0, purchase: 0, identify: 0 }],
  ['withdrawn', 'cookieless', { pageview: 0, click: 0, purchase: 0, identify: 0 }],
]

describe('the behaviour matrix', () => {
  for (const [state, mode, expected] of matrix)
    it(`${state} in ${mode} mode`, () => {
      for (const [type, want] of Object.entries(expected))
        expect([type, allows(type, state, mode)]).toEqual([type, want])
    })

  it('only a grant lets anything be stored on the device', () => {
    expect(
      ['unknown', 'denied', 'analytics', 'marketing', 'withdrawn'].filter((s) => stores(s as ConsentState)),
    ).toEqual(['analytics', 'marketing'])
  })
})

describe('a stored choice', () => {
  const day = 864e5
  const at = 1_800_000_000_000
  const choice = (s: ConsentState, ageDays: number, ver?: string): Choice => ({
    s,
    id: 'c1',
    t: at - ageDays * day,
    ver,
  })

  it('keeps a refusal for 6 months and a grant for 13', () => {
    expect(standing(choice('denied', 181), at)).toBe('denied')
    expect(standing(choice('denied', 183), at)).toBe('unknown')
    expect(standing(choice('analytics', 394), at)).toBe('analytics')
    expect(standing(choice('marketing', 396), at)).toBe('unknown')
    expect(standing(choice('withdrawn', 10), at)).toBe('withdrawn')
  })

  it('asks again when the consent version changed', () => {
    expect(standing(choice('analytics', 1, '1'), at, '2')).toBe('unknown')
    expect(standing(choice('analytics', 1, '2'), at, '2')).toBe('analytics')
    expect(standing(undefined, at)).toBe('unknown')
  })
})

describe('an explicit decision', () => {
  it('maps the categories to a state, and revoking a grant is a withdrawal', () => {
    expect(decide('unknown', true, true)).toBe('marketing')
    expect(decide('unknown', true, false)).toBe('analytics')
    expect(decide('unknown', false, false)).toBe('denied')
    expect(decide('denied', false, false)).toBe('denied')
    expect(decide('analytics', false, false)).toBe('withdrawn')
    expect(decide('marketing', false, false)).toBe('withdrawn')
    expect(decide('withdrawn', true, false)).toBe('analytics')
  })
})
