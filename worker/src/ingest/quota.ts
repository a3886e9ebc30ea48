/**
 * The daily event quota as /collect and /v1 see it: per-isolate counters in front of site_usage
 * and address_usage, so a request is answered from memory almost always and its cost stays one
 * queue send.
 *
 * The fair share: once a site has had half its daily quota accepted (it is "under pressure"), each
 * client address may have at most 1 % of the quota accepted for the rest of that UTC day. One
 * address, whatever visitor ids it sends, can then take at most about half the quota, and the
 * rest stays for everyone else. Below half, no address is counted and nothing extra is read or
 * written. The counts are approximate: what is still in the queue, and what other isolates
 * accepted in the last few seconds, is not in them yet.
 */
import { addressUsageToday, usageToday } from '../db/queries/events'
import { utcDay } from './identity'

/** Counters are re-read this often; in between, this isolate adds what it accepted. */
export const USAGE_CACHE_MS = 5_000
/** From this share of its daily quota on, a site holds each address to its share. */
export const QUOTA_PRESSURE = 0.5
/** The share of a site's daily quota one client address may have accepted under pressure. */
export const ADDRESS_SHARE = 0.01

/** Per-isolate daily counters by key, each re-read from D1 every USAGE_CACHE_MS. */
class CachedCounts {
  private readonly counts = new Map<string, { day: string; events: number; until: number }>()

  constructor(private readonly maxKeys: number) {}

  async get(key: string, now: number, read: (day: string) => Promise<number>): Promise<number> {
    const day = utcDay(now)
    const hit = this.counts.get(key)
    if (hit && hit.day === day && hit.until > now) return hit.events
    const events = await read(day)
    if (this.counts.size >= this.maxKeys) this.counts.clear()
    this.counts.set(key, { day, events, until: now + USAGE_CACHE_MS })
    return events
  }

  add(key: string, n: number, now: number) {
    const hit = this.counts.get(key)
    if (hit && hit.day === utcDay(now)) hit.events += n
  }
}

const sites = new CachedCounts(1_000)
const addresses = new CachedCounts(10_000)
const addressKey = (siteId: string, address: string) => `${siteId}\n${address}`

/** How many events one address may have accepted on a site under pressure. */
export function addressShare(dailyQuota: number): number {
  return Math.max(1, Math.ceil(dailyQuota * ADDRESS_SHARE))
}

export type QuotaVerdict =
  | {
      ok: true /** The site is under pressure: the accepted events count against `address`. */
      pressure: boolean
    }
  | { ok: false; code: 'quota_exceeded' | 'address_quota_exceeded'; message: string }

/**
 * Whether a site may accept more events today, and from this client address (null for server
 * sources such as /v1, which have no client address of their own).
 */
export async function checkQuota(
  d1: D1Database,
  siteId: string,
  address: string | null,
  dailyQuota: number,
  now: number,
): Promise<QuotaVerdict> {
  const used = await sites.get(siteId, now, (day) => usageToday(d1, siteId, day))
  if (used >= dailyQuota)
    return { ok: false, code: 'quota_exceeded', message: 'This site has used its daily event quota' }
  if (address === null || used < dailyQuota * QUOTA_PRESSURE) return { ok: true, pressure: false }
  const mine = await addresses.get(addressKey(siteId, address), now, (day) =>
    addressUsageToday(d1, siteId, day, address),
  )
  if (mine >= addressShare(dailyQuota))
    return {
      ok: false,
      code: 'address_quota_exceeded',
      message: "This address has sent its share of the site's daily event quota",
    }
  return { ok: true, pressure: true }
}

/** Adds what this isolate just accepted to its counters (the address's only under pressure). */
export function noteAccepted(siteId: string, address: string | null, n: number, now: number) {
  sites.add(siteId, n, now)
  if (address !== null) addresses.add(addressKey(siteId, address), n, now)
}

/** Seconds until the next UTC midnight, when the daily quota resets. */
export function secondsUntilUtcMidnight(now: number): number {
  const next = new Date(now)
  next.setUTCHours(24, 0, 0, 0)
  return Math.max(1, Math.ceil((next.getTime() - now) / 1000))
}
