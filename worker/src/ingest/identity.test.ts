import { describe, expect, it } from 'vitest'
import { addressBlock, clientAddressHash, cookielessVisitorId, utcDay } from './identity'

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

  it('hashes a client address with the salt: an IPv4 address, or the /64 of an IPv6 address', async () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7')
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7')
    for (const ip of ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:1:2:3', '2001:db8:1:2:0:0:0:9%eth0'])
      expect(addressBlock(ip)).toBe('2001:db8:1:2::/64')
    expect(addressBlock('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressBlock('::1')).toBe('0:0:0:0::/64')
    const a = await clientAddressHash('s', '2001:db8:1:2::1')
    expect(a).toMatch(/^[0-9a-f]{24}$/)
    expect(await clientAddressHash('s', '2001:db8:1:2:ffff::9')).toBe(a)
    const others = await Promise.all([
      clientAddressHash('t', '2001:db8:1:2::1'),
      clientAddressHash('s', '2001:db8:1:3::1'),
      clientAddressHash('s', '203.0.113.7'),
    ])
    expect(new Set([a, ...others]).size).toBe(4)
  })

  it('names UTC days', () => {
    expect(utcDay(Date.UTC(2026, 10, 28, 23, 59))).toBe('2026-11-28')
    expect(utcDay(Date.UTC(2026, 10, 29, 0, 0))).toBe('2026-11-29')
  })
})
