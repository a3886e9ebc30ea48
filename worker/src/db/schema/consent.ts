import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/**
 * Proof of consent (GDPR Art. 7(1)): one row per decision, append-only, never updated or deleted by
 * erasure. It names the consent record (`consent_id`, a random id the browser keeps with its choice),
 * never the visitor id, the IP or the user agent — so once a visitor is erased nothing links these rows
 * to the events that were deleted.
 */
export const consentLog = sqliteTable(
  'consent_log',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    consentId: text('consent_id').notNull(),
    /** Server receive time, ms since epoch. */
    ts: integer('ts').notNull(),
    /** grant | deny | change | withdraw | gpc */
    action: text('action').notNull(),
    analytics: integer('analytics', { mode: 'boolean' }).notNull(),
    marketing: integer('marketing', { mode: 'boolean' }).notNull(),
    /** banner | settings | api | tcf | gcm | gpc | dnt | cmp:<name> */
    source: text('source').notNull(),
    bannerVersion: text('banner_version'),
    /** Language the banner was shown in, when the banner made the decision. */
    locale: text('locale'),
    /** ISO country (US-CA style for US states) from the edge, or what the site declared. */
    jurisdiction: text('jurisdiction'),
    /** Whether an opt-out preference signal (Sec-GPC or navigator.globalPrivacyControl) was present. */
    gpc: integer('gpc', { mode: 'boolean' }).notNull().default(false),
    /** The privacy notice version in force when the decision was logged (privacy_notices): what the visitor was told. */
    noticeVersion: text('notice_version'),
  },
  (t) => [index('consent_log_site_ts').on(t.siteId, t.ts), index('consent_log_consent').on(t.consentId)],
)

/**
 * The current logged decision per visitor: what server-side enforcement and profiling read.
 * A row exists only while the visitor grants something; withdrawal erases it with the rest of
 * the visitor's data (it is registered in db/visitor-data.ts).
 */
export const consentState = sqliteTable(
  'consent_state',
  {
    siteId: text('site_id').notNull(),
    vid: text('vid').notNull(),
    consentId: text('consent_id').notNull(),
    analytics: integer('analytics', { mode: 'boolean' }).notNull(),
    marketing: integer('marketing', { mode: 'boolean' }).notNull(),
    source: text('source').notNull(),
    bannerVersion: text('banner_version'),
    gpc: integer('gpc', { mode: 'boolean' }).notNull().default(false),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.vid] }),
    index('consent_state_site_marketing').on(t.siteId, t.marketing),
    // Retention (consent/retention.ts) deletes states not updated within the site's retention_days.
    index('consent_state_site_updated').on(t.siteId, t.updatedAt),
  ],
)

/**
 * The record that an erasure happened (accountability), and a tombstone that keeps late-arriving
 * queued events of an erased visitor out. It holds a SHA-256 of site and visitor id, never the id:
 * the id has ≥ 122 random bits and is gone from the device, so the hash cannot be turned back.
 */
export const erasures = sqliteTable(
  'erasures',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    vidHash: text('vid_hash').notNull(),
    /** withdraw | self-service | admin */
    reason: text('reason').notNull(),
    /** JSON { table: rows deleted } */
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    completedAt: integer('completed_at').notNull(),
    /**
     * Set only on the record of a visitor-requested erasure that found no rows: the day's salted
     * hash of the requesting client address (ingest/identity.ts). Unique per site, so requests for
     * unknown ids write one record per site, address and day, however many ids they try.
     */
    unmatchedKey: text('unmatched_key'),
  },
  (t) => [
    index('erasures_site_vid').on(t.siteId, t.vidHash),
    uniqueIndex('erasures_site_unmatched').on(t.siteId, t.unmatchedKey),
  ],
)

/**
 * The visitor credential: SHA-256 of the random secret the visitor's browser keeps beside their id,
 * bound the first time a secret is seen for a visitor with stored data (docs/consent.md, "The
 * visitor credential"). Export, self-service deletion and consent changes for the visitor need the
 * secret. Never the secret itself, and the hash never leaves the worker: an export lists the row
 * without it (db/visitor-data.ts). Erased with the visitor.
 */
export const visitorCredentials = sqliteTable(
  'visitor_credentials',
  {
    siteId: text('site_id').notNull(),
    vid: text('vid').notNull(),
    /** SHA-256 of the secret, hex. */
    secretHash: text('secret_hash').notNull(),
    boundAt: integer('bound_at').notNull(),
  },
  // (site, bound_at): retention finds a site's expired credentials without reading the others.
  (t) => [
    primaryKey({ columns: [t.siteId, t.vid] }),
    index('visitor_credentials_site_bound').on(t.siteId, t.boundAt),
  ],
)

/**
 * The audit of erasures a site asked for through the API on a data subject's request that reached
 * it by other means (an e-mail): who asked, when, why, and the SHA-256 of site and visitor id of
 * every visitor erased — never the ids. Written before the erasure runs and completed after it, so
 * an erasure that failed half-way is still on record.
 */
export const erasureRequests = sqliteTable(
  'erasure_requests',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    /** `key:<api key id>` or `admin-token` */
    requestedBy: text('requested_by').notNull(),
    /** visitor | person */
    subject: text('subject').notNull(),
    /** JSON [SHA-256(site ‖ vid), …] of the visitors erased (consent/visitor-id.ts visitorHash) */
    vidHashes: text('vid_hashes', { mode: 'json' }).$type<string[]>().notNull(),
    /** Why, as the caller gave it: a reference to the request, never the requester's address. */
    reason: text('reason').notNull(),
    requestedAt: integer('requested_at').notNull(),
    /** JSON { table: rows deleted }, once done */
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    completedAt: integer('completed_at'),
  },
  (t) => [index('erasure_requests_site').on(t.siteId, t.requestedAt)],
)
