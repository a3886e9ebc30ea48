import { describe, expect, it } from 'vitest'
import { cookielessVisitorId, utcDay } from './identity'

describe('cookieless identity', () => {
  it('is SHA-256(salt ‖ site ‖ IP ‖ UA), first 24 hex chars, prefixed anon_', async () => {
    // Expected value computed independently with Node: sha256("salt-1\x1fshop\x1f203.0.113.7\x1fMozilla/5.0 test").
    expect(await cookielessVisitorId('salt-1', 'shop', '203.0.113.7', 'Mozilla/5.0 test')).toBe(
      'anon_2bbe580648ace839e55f37b2',
    )
  })

  it('changes with the salt, the site, the address and the browser', async () => {
    const base = await cookielessVisitorId('s', 'a', '1.1.1.1', 'ua')
    const others = await Promise.all([
      cookielessVisitorId('t', 'a', '1.1.1.1', 'ua'),
      cookielessVisitorId('s', 'b', '1.1.1.1', 'ua'),
      cookielessVisitorId('s', 'a', '1.1.1.2', 'ua'),
      cookielessVisitorId('s', 'a', '1.1.1.1', 'ub'),
    ])
    expect(new Set([base, ...others]).size).toBe(5)
  })

  it('names UTC days', () => {
    expect(utcDay(Date.UTC(2026, 10, 28, 23, 59))).toBe('2026-11-28')
    expect(utcDay(Date.UTC(2026, 10, 29, 0, 0))).toBe('2026-11-29')
  })
})
