import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  allows,
  type Choice,
  type ConsentState,
  decide,
  initGate,
  last,
  type Mode,
  onConsentChange,
  setConsent,
  standing,
  state,
  stores,
} from '../src/gate'

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

describe('the gate at page load', () => {
  const day = 864e5
  // What the gate lets through once it has started, written out by hand from consent.md: 2 = sent, 1 = held in
  // memory for this page, 0 = dropped; ids = visitor id, session id and retry queue may be kept on the device.
  const waits = { pageview: 1, click: 0, purchase: 0, ids: false, identify: 0 }
  const anonymous = { pageview: 2, click: 0, purchase: 0, ids: false, identify: 0 }
  const nothing = { pageview: 0, click: 0, purchase: 0, ids: false, identify: 0 }
  const analytics = { pageview: 2, click: 2, purchase: 2, ids: true, identify: 0 }
  const marketing = { pageview: 2, click: 2, purchase: 2, ids: true, identify: 2 }
  type Through = typeof waits

  /** The page's consent version is "2"; "older version" is a marketing grant given under version "1". */
  type Stored = 'none' | 'older version' | Exclude<ConsentState, 'unknown'>
  // mode ('' = no data-mode attribute), stored choice, GPC, the state the gate starts in, what it then lets through
  const table: [Mode | '', Stored, boolean, ConsentState, Through][] = [
    ['', 'none', false, 'unknown', waits],
    ['', 'none', true, 'unknown', waits],
    ['', 'analytics', false, 'analytics', analytics],
    ['', 'marketing', true, 'analytics', analytics],

    ['opt-in', 'none', false, 'unknown', waits],
    ['opt-in', 'none', true, 'unknown', waits],
    ['opt-in', 'denied', false, 'denied', nothing],
    ['opt-in', 'denied', true, 'denied', nothing],
    ['opt-in', 'analytics', false, 'analytics', analytics],
    ['opt-in', 'analytics', true, 'analytics', analytics],
    ['opt-in', 'marketing', false, 'marketing', marketing],
    ['opt-in', 'marketing', true, 'analytics', analytics],
    ['opt-in', 'withdrawn', false, 'withdrawn', nothing],
    ['opt-in', 'withdrawn', true, 'withdrawn', nothing],
    ['opt-in', 'older version', false, 'unknown', waits],
    ['opt-in', 'older version', true, 'unknown', waits],

    ['cookieless', 'none', false, 'unknown', anonymous],
    ['cookieless', 'none', true, 'unknown', anonymous],
    ['cookieless', 'denied', false, 'denied', anonymous],
    ['cookieless', 'denied', true, 'denied', anonymous],
    ['cookieless', 'analytics', false, 'analytics', analytics],
    ['cookieless', 'analytics', true, 'analytics', analytics],
    ['cookieless', 'marketing', false, 'marketing', marketing],
    ['cookieless', 'marketing', true, 'analytics', analytics],
    ['cookieless', 'withdrawn', false, 'withdrawn', nothing],
    ['cookieless', 'withdrawn', true, 'withdrawn', nothing],
    ['cookieless', 'older version', false, 'unknown', anonymous],
    ['cookieless', 'older version', true, 'unknown', anonymous],

    ['opt-out', 'none', false, 'marketing', marketing],
    ['opt-out', 'none', true, 'analytics', analytics],
    ['opt-out', 'denied', false, 'denied', nothing],
    ['opt-out', 'denied', true, 'denied', nothing],
    ['opt-out', 'analytics', false, 'analytics', analytics],
    ['opt-out', 'analytics', true, 'analytics', analytics],
    ['opt-out', 'marketing', false, 'marketing', marketing],
    ['opt-out', 'marketing', true, 'analytics', analytics],
    ['opt-out', 'withdrawn', false, 'withdrawn', nothing],
    ['opt-out', 'withdrawn', true, 'withdrawn', nothing],
    ['opt-out', 'older version', false, 'marketing', marketing],
    ['opt-out', 'older version', true, 'analytics', analytics],
  ]

  // The unit tests run in Node, which has no localStorage; the gate reads and writes it by key, as a plain object
  // allows. Each test gets an empty one.
  let storage: Record<string, string>
  beforeEach(() => {
    storage = {}
    vi.stubGlobal('localStorage', storage)
  })
  afterEach(() => vi.unstubAllGlobals())

  /** The choice a visitor made yesterday, on a page whose data-consent-version is "2" unless `stored` says older. */
  function store(stored: Stored): void {
    if (stored === 'none') return
    const s = stored === 'older version' ? 'marketing' : stored
    const ver = stored === 'older version' ? '1' : '2'
    storage.heed_consent = JSON.stringify({ s, id: 'c1', t: Date.now() - day, ver })
  }
  const noChange = () => {
    throw new Error('starting the gate is not a consent change')
  }

  it.each(table)('%o mode, stored choice %s, GPC %s: starts %s', (mode, stored, gpc, starts, through) => {
    store(stored)
    const before = { ...storage }
    initGate(mode as Mode, gpc, '2', noChange)
    expect({
      state,
      pageview: allows('pageview'),
      click: allows('click'),
      purchase: allows('purchase'),
      ids: stores(),
      identify: allows('identify'),
    }).toEqual({ state: starts, ...through })
    // Starting writes nothing to the device: not even opt-out's assumed marketing is a stored choice.
    expect(storage).toEqual(before)
  })

  it.each([
    [false, 'marketing'],
    [true, 'analytics'],
  ] as const)('with GPC %s, a marketing grant made on the page gives %s', (gpc, after) => {
    let seen: ConsentState | undefined
    initGate('opt-in', gpc, '2', (next) => {
      seen = next
    })
    setConsent('marketing', 'banner')
    expect([state, seen, JSON.parse(storage.heed_consent!).s]).toEqual([after, after, after])
  })

  it('hands the listeners the stored ids, secret included, before the core deletes them on a withdrawal', () => {
    const ids = { v: 'vid-1', c: 1, s: 'sid-1', t: 1, k: 'secret-1' }
    storage.heed_id = JSON.stringify(ids)
    storage.heed_consent = JSON.stringify({ s: 'analytics', id: 'c1', t: Date.now() - day, ver: '2' })
    // The core's own reaction to a withdrawal (start.ts): the ids go.
    initGate('opt-in', false, '2', () => {
      delete storage.heed_id
    })
    let seen: unknown
    onConsentChange(() => {
      seen = [last, storage.heed_id]
    })
    setConsent('withdrawn', 'banner')
    expect(seen).toEqual([['withdrawn', 'analytics', 'banner', ids], JSON.stringify(ids)])
    expect(storage.heed_id).toBeUndefined()
  })
})
