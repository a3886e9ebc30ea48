/**
 * The daily event quota as /collect sees it: a per-isolate counter in front of site_usage, so
 * /collect answers from memory almost always and its cost stays one queue send per request.
 */
import { usageToday } from '../db/queries/events'
import { utcDay } from './identity'

/** The quota counter is re-read this often; in between, this isolate adds what it accepted. */
export const USAGE_CACHE_MS = 5_000
const usage = new Map<string, { day: string; events: number; until: number }>()

/** Events a site has had accepted today (UTC), as far as this isolate can tell cheaply. */
export async function usageSoFar(d1: D1Database, siteId: string, now: number): Promise<number> {
  const day = utcDay(now)
  const hit = usage.get(siteId)
  if (hit && hit.day === day && hit.until > now) return hit.events
  const events = await usageToday(d1, siteId, day)
  if (usage.size > 1_000) usage.clear()
  usage.set(siteId, { day, events, until: now + USAGE_CACHE_MS })
  return events
}

export function noteAccepted(siteId: string, n: number, now: number) {
  const hit = usage.get(siteId)
  if (hit && hit.day === utcDay(now)) hit.events += n
}

/** Seconds until the next UTC midnight, when the daily quota resets. */
export function secondsUntilUtcMidnight(now: number): number {
  const next = new Date(now)
  next.setUTCHours(24, 0, 0, 0)
  return Math.max(1, Math.ceil((next.getTime() - now) / 1000))
}
