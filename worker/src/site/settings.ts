import { z } from 'zod'

/** Ingestion thresholds: events beyond them are flagged or quarantined with a reason. */
export const ingestSettingsSchema = z.object({
  /** A purchase or cart value above this is quarantined as value_out_of_range. */
  maxOrderValue: z.number().positive().default(1_000_000),
  /** Flag value_mismatch when |Σ price × quantity − value| exceeds this share of the larger one. */
  valueMismatchRatio: z.number().positive().default(0.5),
  /** Engagement time above this is capped and flagged (a tab left open for days). */
  maxVisibleMs: z
    .number()
    .positive()
    .default(4 * 60 * 60 * 1000),
  /** Events per visitor per minute beyond this are quarantined as visitor_burst. */
  maxEventsPerVisitorMinute: z.number().int().positive().default(1_000),
  /** Events accepted per site and UTC day; beyond it /collect answers 429 quota_exceeded. */
  dailyQuota: z.number().int().positive().default(5_000_000),
})

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
    /** Ingestion thresholds: outlier limits, burst limit and daily quota. */
    ingest: ingestSettingsSchema.prefault({}),
  })
  .passthrough()

export type SiteSettings = z.output<typeof siteSettingsSchema>

export type IngestSettings = z.output<typeof ingestSettingsSchema>

/** Settings as stored, with defaults filled in; a stored value that no longer parses gets the defaults. */
export function parseSettings(stored: unknown): SiteSettings {
  const parsed = siteSettingsSchema.safeParse(stored ?? {})
  return parsed.success ? parsed.data : siteSettingsSchema.parse({})
}
