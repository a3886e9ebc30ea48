import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { LEASE_MS, releaseLease, takeLease, withLease } from './leases'

describe('leases', () => {
  it('has one holder at a time, frees itself when it expires, and only the holder gives it back', async () => {
    const t = 1_000_000
    expect(await takeLease(env.DB, 'lease-a', 'run-1', t)).toBe(true)
    expect(await takeLease(env.DB, 'lease-a', 'run-2', t + LEASE_MS - 1)).toBe(false)
    // Another holder cannot give it back.
    await releaseLease(env.DB, 'lease-a', 'run-2')
    expect(await takeLease(env.DB, 'lease-a', 'run-2', t + 1)).toBe(false)
    // run-1 crashed without giving it back: at its expiry the lease is free again.
    expect(await takeLease(env.DB, 'lease-a', 'run-2', t + LEASE_MS)).toBe(true)
    // Other names are independent.
    expect(await takeLease(env.DB, 'lease-b', 'run-1', t)).toBe(true)
  })

  it('withLease runs the work once among overlapping callers and gives the lease back, also on failure', async () => {
    let runs = 0
    const slow = () =>
      withLease(env.DB, 'lease-work', async () => {
        runs++
        await new Promise((r) => setTimeout(r, 50))
        return runs
      })
    const outcomes = await Promise.all([slow(), slow(), slow()])
    expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, value: 1 }])
    await expect(withLease(env.DB, 'lease-work', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    )
    expect(await withLease(env.DB, 'lease-work', async () => 'again')).toEqual({ ran: true, value: 'again' })
  })
})
