import { describe, expect, it } from 'vitest'
import { renew } from '../src/ids'

describe('visitor and session ids', () => {
  let n = 0
  const make = () => `id${++n}`
  const t0 = 1_800_000_000_000

  it('keep the session for 30 idle minutes, then start a new one', () => {
    const first = renew(undefined, t0, make)
    const later = renew(first, t0 + 29 * 6e4, make)
    expect(later).toEqual({ v: first.v, c: t0, s: first.s, t: t0 + 29 * 6e4 })
    const next = renew(later, t0 + 29 * 6e4 + 31 * 6e4, make)
    expect(next.v).toBe(first.v)
    expect(next.s).not.toBe(first.s)
  })

  it('renew the visitor id after 13 months', () => {
    const first = renew(undefined, t0, make)
    expect(renew(first, t0 + 394 * 864e5, make).v).toBe(first.v)
    expect(renew({ ...first, t: t0 + 396 * 864e5 }, t0 + 396 * 864e5, make).v).not.toBe(first.v)
  })
})
