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

/** One line of the site owner's own text: shown on the privacy notice as written, never read as instructions. */
const ownerText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // One line: a newline or a control character has no place in a name or an address.
  .regex(/^[^\p{Cc}]*$/u, 'one line of text without control characters')

/** The site owner as data controller (GDPR Art. 13(1)(a)–(b)), and how new privacy notices go live. */
export const privacySettingsSchema = z.object({
  controller: z
    .object({
      /** Who decides what this site collects: a company or a person. */
      name: ownerText.optional(),
      /** Where visitors reach the controller: an e-mail address, a postal address or a URL. */
      contact: ownerText.optional(),
      /** The data protection officer's name or address, when there is one. */
      dpo: ownerText.optional(),
      /** The supervisory authority visitors may complain to. */
      authority: ownerText.optional(),
    })
    .prefault({}),
  /** Publish a regenerated notice at once instead of keeping it as a draft for the owner to publish. */
  autoPublish: z.boolean().default(false),
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
    /** The controller's details and the privacy notice's publishing choice. */
    privacy: privacySettingsSchema.prefault({}),
  })
  .passthrough()

export type SiteSettings = z.output<typeof siteSettingsSchema>

export type IngestSettings = z.output<typeof ingestSettingsSchema>

/** Settings as stored, with defaults filled in; a stored value that no longer parses gets the defaults. */
export function parseSettings(stored: unknown): SiteSettings {
  const parsed = siteSettingsSchema.safeParse(stored ?? {})
  return parsed.success ? parsed.data : siteSettingsSchema.parse({})
}
