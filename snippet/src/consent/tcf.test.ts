import { describe, expect, it } from 'vitest'
import { type TcData, tcfCategories, watchTcf } from './tcf'

const tc = (consents: number[], eventStatus = 'useractioncomplete', extra: Partial<TcData> = {}): TcData => ({
  gdprApplies: true,
  eventStatus,
  purpose: { consents: Object.fromEntries(consents.map((n) => [n, true])) },
  ...extra,
})

describe('tcfCategories', () => {
  it.each([
    [[1, 8], { analytics: true, marketing: false }],
    [[1, 9], { analytics: true, marketing: false }],
    [[1, 3, 4, 8], { analytics: true, marketing: true }],
    [[1, 3, 8], { analytics: true, marketing: false }], // 4 missing
    [[1, 3, 4], { analytics: false, marketing: false }], // marketing needs analytics (8 or 9)
    [[8, 9, 3, 4], { analytics: false, marketing: false }], // no storage (purpose 1)
    [[], { analytics: false, marketing: false }],
  ])('purposes %j → %j', (purposes, expected) => {
    expect(tcfCategories(tc(purposes))).toEqual(expected)
  })

  it('acts only on tcloaded and useractioncomplete', () => {
    expect(tcfCategories(tc([1, 8], 'tcloaded'))).toEqual({ analytics: true, marketing: false })
    expect(tcfCategories(tc([1, 8], 'cmpuishown'))).toBeNull()
    expect(tcfCategories(tc([1, 8], ''))).toBeNull()
  })

  it('treats gdprApplies: false as no decision (not a grant)', () => {
    expect(tcfCategories(tc([1, 3, 4, 8], 'tcloaded', { gdprApplies: false }))).toBeNull()
  })
})

describe('watchTcf', () => {
  it('is false without __tcfapi, and reports each decision through addEventListener', () => {
    expect(watchTcf({}, () => {})).toBe(false)
    let listener: ((d: TcData, ok: boolean) => void) | undefined
    const calls: unknown[][] = []
    const w = {
      __tcfapi: (command: string, version: number, cb: (d: never, ok: boolean) => void) => {
        calls.push([command, version])
        listener = cb as unknown as typeof listener
      },
    }
    const reports: unknown[] = []
    expect(watchTcf(w, (c, source) => reports.push([c, source]))).toBe(true)
    expect(calls).toEqual([['addEventListener', 2]])
    listener!(tc([], 'cmpuishown'), true)
    listener!(tc([1, 8]), false) // a failed call carries no decision
    listener!(tc([1, 3, 4, 9]), true)
    expect(reports).toEqual([[{ analytics: true, marketing: true }, 'cmp:tcf']])
  })
})
