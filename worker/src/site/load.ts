/**
 * The one way to read a site: its row with the settings parsed and defaults filled in. Hot paths
 * (/collect, the visitor routes, Segment) use the per-isolate cache; the API and the cron read fresh.
 */
import { eq } from 'drizzle-orm'
import { type Db, db } from '../db/client'
import { sites } from '../db/schema'
import { parseSettings, type SiteSettings } from './settings'

export type SiteRow = typeof sites.$inferSelect
export type Site = Omit<SiteRow, 'settings'> & { settings: SiteSettings }

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((o) => typeof o === 'string') : [])

function siteOf(row: SiteRow): Site {
  return {
    ...row,
    domains: strings(row.domains),
    allowedOrigins: strings(row.allowedOrigins),
    settings: parseSettings(row.settings),
  }
}

/** The site, read now; null when unknown. */
export async function getSite(database: Db, id: string): Promise<Site | null> {
  const row = await database.select().from(sites).where(eq(sites.id, id)).get()
  return row ? siteOf(row) : null
}

/** A settings change reaches the cached readers within this time. */
export const SITE_CACHE_MS = 10_000
const cache = new Map<string, { site: Site; until: number }>()

/** The site from this isolate's cache (read at most every SITE_CACHE_MS); unknown ids are not cached. */
export async function loadSite(d1: D1Database, id: string, now: number): Promise<Site | null> {
  const hit = cache.get(id)
  if (hit && hit.until > now) return hit.site
  const site = await getSite(db(d1), id)
  if (!site) return null
  if (cache.size > 1_000) cache.clear()
  cache.set(id, { site, until: now + SITE_CACHE_MS })
  return site
}
