import { describe, expect, it } from 'vitest'
import { type Ids, renew } from '../src/ids'

describe('visitor and session ids', () => {
  let n = 0
  const make = () => `id${++n}`
  const t0 = 1_800_000_000_000

  it('keep the session for 30 idle minutes, then start a new one', () => {
    const first = renew(undefined, t0, make)
    const later = renew(first, t0 + 29 * 6e4, make)
    expect(later).toEqual({ v: first.v, c: t0, s: first.s, t: t0 + 29 * 6e4, k: first.k })
    const next = renew(later, t0 + 29 * 6e4 + 31 * 6e4, make)
    expect(next.v).toBe(first.v)
    expect(next.s).not.toBe(first.s)
  })

  it('renew the visitor id after 13 months', () => {
    const first = renew(undefined, t0, make)
    expect(renew(first, t0 + 394 * 864e5, make).v).toBe(first.v)
    expect(renew({ ...first, t: t0 + 396 * 864e5 }, t0 + 396 * 864e5, make).v).not.toBe(first.v)
  })

  it('make a secret of two fresh random ids with the visitor id, and keep it while the visitor id lasts', () => {
    let m = 0
    const first = renew(undefined, t0, () => `r${++m}`)
    // v, then s, then the two halves of k, in the order renew asks for them.
    expect(first).toEqual({ v: 'r1', c: t0, s: 'r2', t: t0, k: 'r3r4' })
    const nextSession = renew(first, t0 + 31 * 6e4, () => `r${++m}`)
    expect([nextSession.v, nextSession.k]).toEqual(['r1', 'r3r4'])
  })

  it('renew the secret with the visitor id after 13 months', () => {
    const first = renew(undefined, t0, make)
    const renewed = renew({ ...first, t: t0 + 396 * 864e5 }, t0 + 396 * 864e5, make)
    expect(renewed.v).not.toBe(first.v)
    expect(renewed.k).not.toBe(first.k)
    expect(renewed.k).not.toContain(first.k)
  })

  it('give a record stored before secrets existed one, keeping its visitor id', () => {
    const stored = { v: 'old-vid', c: t0, s: 'old-sid', t: t0 } as Ids
    const touched = renew(stored, t0 + 6e4, () => 'x')
    expect(touched).toEqual({ v: 'old-vid', c: t0, s: 'old-sid', t: t0 + 6e4, k: 'xx' })
  })
})
