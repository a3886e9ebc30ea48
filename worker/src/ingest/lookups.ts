/**
 * Per-isolate caches in front of the two reads /collect needs: the site and the day's salt.
 * /collect answers from memory almost always, so its cost stays one queue send per request.
 */
import { siteSettingsSchema, type SiteSettings } from '../db/queries/sites'
import { dailySalt, selectIngestSite, usageToday } from '../db/queries/events'
import { randomSalt, utcDay } from './identity'

export interface IngestSite {
  id: string
  allowedOrigins: string[]
  currency: string
  settings: SiteSettings
}

/** A settings change reaches /collect within this time. */
export const SITE_CACHE_MS = 10_000
const sites = new Map<string, { site: IngestSite; until: number }>()

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return fallback
  }
}

/** The site with its settings parsed (defaults filled in); null when unknown. Unknown ids are not cached. */
export async function loadSite(d1: D1Database, id: string, now: number): Promise<IngestSite | null> {
  const hit = sites.get(id)
  if (hit && hit.until > now) return hit.site
  const row = await selectIngestSite(d1, id)
  if (!row) return null
  const origins = parseJson(row.allowed_origins, [])
  const settings = siteSettingsSchema.safeParse(parseJson(row.settings, {}))
  const site: IngestSite = {
    id: row.id,
    allowedOrigins: Array.isArray(origins) ? origins.filter((o): o is string => typeof o === 'string') : [],
    currency: row.currency,
    settings: settings.success ? settings.data : siteSettingsSchema.parse({}),
  }
  if (sites.size > 1_000) sites.clear()
  sites.set(id, { site, until: now + SITE_CACHE_MS })
  return site
}

let salt: { day: string; value: string } | null = null

/** Today's (UTC) salt for cookieless visitor hashes, created on first use; the cron rotates and deletes. */
export async function todaysSalt(d1: D1Database, now: number): Promise<string> {
  const day = utcDay(now)
  if (salt?.day === day) return salt.value
  const value = await dailySalt(d1, day, randomSalt(), now)
  salt = { day, value }
  return value
}

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
