import Bowser from 'bowser'
import type { EventRow } from '../db/rows'

/** What the request itself tells about the visitor, computed once per request. Never the IP. */
export type RequestFacts = Pick<EventRow, 'country' | 'region' | 'city' | 'device' | 'browser' | 'os'>

interface GeoSource {
  country?: unknown
  region?: unknown
  city?: unknown
}

const str = (v: unknown, max = 100) => (typeof v === 'string' && v !== '' ? v.slice(0, max) : null)

export type DeviceFacts = Pick<RequestFacts, 'device' | 'browser' | 'os'>

// bowser is the costly part of enrichment; user agents repeat, so recent answers are kept.
const uaCache = new Map<string, DeviceFacts>()
const UA_CACHE_SIZE = 500

/** Device class (desktop, mobile, tablet, tv, bot), browser and OS names from the user agent. */
export function parseUserAgent(ua: string): DeviceFacts {
  const hit = uaCache.get(ua)
  if (hit) return hit
  let facts: DeviceFacts = { device: null, browser: null, os: null }
  if (ua) {
    try {
      const r = Bowser.parse(ua.slice(0, 512))
      facts = { device: r.platform.type ?? null, browser: r.browser.name ?? null, os: r.os.name ?? null }
    } catch {
      // An unparseable user agent leaves the fields unknown.
    }
  }
  if (uaCache.size >= UA_CACHE_SIZE) uaCache.delete(uaCache.keys().next().value as string)
  uaCache.set(ua, facts)
  return facts
}

/** Country, region and city from `request.cf` (absent locally and in tests unless injected). */
export function requestFacts(ua: string, cf: GeoSource | undefined | null): RequestFacts {
  return {
    country: str(cf?.country, 8),
    region: str(cf?.region),
    city: str(cf?.city),
    ...parseUserAgent(ua),
  }
}

export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000

/** The event time: the client's, unless its clock is more than 24 h off the server's. */
export function eventTime(clientTs: number, receivedAt: number): { ts: number; skewMs: number | null } {
  const skew = clientTs - receivedAt
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) return { ts: receivedAt, skewMs: skew }
  return { ts: clientTs, skewMs: null }
}
