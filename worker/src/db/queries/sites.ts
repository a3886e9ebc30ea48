import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../client'
import { sites } from '../schema'

/**
 * Per-site settings stored as JSON in sites.settings. Every area reads its knobs from here;
 * unknown keys are kept, missing ones take these defaults.
 */
export const siteSettingsSchema = z
  .object({
    /** URL query parameters that carry a site search term. */
    searchParams: z.array(z.string()).default(['q', 's', 'query', 'search', 'keyword']),
    /** Hash-based routing: keep the URL fragment. */
    hashRouting: z.boolean().default(false),
    /** Marketer-defined segments the profiler classifies into (else personas are used). */
    segments: z.array(z.string()).default([]),
    /** { pattern: category } URL patterns, e.g. { "/category/:name": ":name" }. */
    categoryPatterns: z.record(z.string(), z.string()).default({}),
  })
  .passthrough()

export type SiteSettings = z.output<typeof siteSettingsSchema>
export type SiteRow = typeof sites.$inferSelect
export type Site = Omit<SiteRow, 'settings'> & { settings: SiteSettings }

export async function getSite(database: Db, id: string): Promise<Site | null> {
  const row = await database.select().from(sites).where(eq(sites.id, id)).get()
  if (!row) return null
  const parsed = siteSettingsSchema.safeParse(row.settings ?? {})
  return { ...row, settings: parsed.success ? parsed.data : siteSettingsSchema.parse({}) }
}
