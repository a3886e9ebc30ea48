import { describe, expect, it } from 'vitest'
import { eventTime, parseUserAgent, requestFacts } from './enrich'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('enrich', () => {
  it('reads device class, browser and OS from the user agent', () => {
    expect(parseUserAgent(IPHONE)).toEqual({ device: 'mobile', browser: 'Safari', os: 'iOS' })
    expect(parseUserAgent(CHROME_MAC)).toEqual({ device: 'desktop', browser: 'Chrome', os: 'macOS' })
    expect(parseUserAgent('')).toEqual({ device: null, browser: null, os: null })
  })

  it('takes geography from request.cf and nothing else', () => {
    const facts = requestFacts(CHROME_MAC, {
      country: 'DE',
      region: 'Berlin',
      city: 'Berlin',
      asn: 3320,
    } as never)
    expect(facts).toEqual({
      country: 'DE',
      region: 'Berlin',
      city: 'Berlin',
      device: 'desktop',
      browser: 'Chrome',
      os: 'macOS',
    })
    expect(requestFacts(CHROME_MAC, undefined)).toMatchObject({ country: null, region: null, city: null })
  })

  it('keeps client time within 24 h and replaces it beyond, keeping the skew', () => {
    const now = Date.UTC(2026, 10, 28, 12)
    const day = 24 * 60 * 60 * 1000
    expect(eventTime(now - 5_000, now)).toEqual({ ts: now - 5_000, skewMs: null })
    expect(eventTime(now - day, now)).toEqual({ ts: now - day, skewMs: null })
    expect(eventTime(now - day - 1, now)).toEqual({ ts: now, skewMs: -day - 1 })
    expect(eventTime(0, now)).toEqual({ ts: now, skewMs: -now })
    const y2100 = Date.UTC(2100, 0, 1)
    expect(eventTime(y2100, now)).toEqual({ ts: now, skewMs: y2100 - now })
  })
})
