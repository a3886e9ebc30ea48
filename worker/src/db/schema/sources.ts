import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * One customer view from many sources.
 *
 * A person is a set of identity links. Every stored row about a person (events, orders, offline
 * records) is keyed by a visitor id (`vid`): a browser's random id, a Segment anonymousId, or a
 * synthetic id (`x` + 32 hex) derived from a server or offline identifier. Stitching only moves
 * links between persons, never rewrites data rows, so a merge is undone by moving links back.
 */

/** A person: one customer across browsers, devices, servers and stores. */
export const persons = sqliteTable(
  'persons',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Set when this person was merged into another (kept so the merge can be undone). */
    mergedInto: text('merged_into'),
    /**
     * When the person withdrew marketing consent on the web. Offline data declared under `consent`
     * is then no longer stored for profiling; another lawful basis flags the import instead.
     */
    withdrawnAt: integer('withdrawn_at'),
  },
  (t) => [
    index('persons_site').on(t.siteId, t.createdAt),
    // Deleting a person follows merged_into down to every person merged into it.
    index('persons_merged_into').on(t.siteId, t.mergedInto),
  ],
)

/**
 * An identifier that belongs to a person. `key` is `kind:value`, where value is the visitor id itself
 * for kind `vid`, and an HMAC-SHA-256 under the site's salt for `user`, `email`, `phone` and `customer`
 * (so raw e-mail addresses and phone numbers are never stored). `sealed` keeps the raw contact sealed
 * (lib/seal.ts: AES-GCM bound to site, vid and kind) only for sites that opt in
 * (settings.sources.keepContacts) and have ENCRYPTION_KEY.
 */
export const identityLinks = sqliteTable(
  'identity_links',
  {
    siteId: text('site_id').notNull(),
    key: text('key').notNull(),
    /** vid | user | email | phone | customer */
    kind: text('kind').notNull(),
    personId: text('person_id').notNull(),
    /**
     * The visitor the link describes (erasure and export find its links through this column): the id
     * itself for kind `vid`, and for a sealed contact the visitor it was given for. Null otherwise.
     */
    vid: text('vid'),
    sealed: text('sealed'),
    /** web | segment | import:<import id> */
    source: text('source').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.key] }),
    index('identity_links_person').on(t.siteId, t.personId),
    index('identity_links_vid').on(t.siteId, t.vid),
    // Retention (consent/retention.ts) deletes links older than the site's retention_days.
    index('identity_links_site_created').on(t.siteId, t.createdAt),
  ],
)

/** Audit of every merge: which links moved from the loser to the winner, so it can be undone. */
export const identityMerges = sqliteTable(
  'identity_merges',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    winnerId: text('winner_id').notNull(),
    loserId: text('loser_id').notNull(),
    /** The link that tied the two persons together (its key), and where it came from. */
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    /** JSON string[]: keys of the links moved from loser to winner. */
    movedKeys: text('moved_keys').notNull(),
    createdAt: integer('created_at').notNull(),
    undoneAt: integer('undone_at'),
  },
  (t) => [
    index('identity_merges_winner').on(t.siteId, t.winnerId),
    index('identity_merges_loser').on(t.siteId, t.loserId),
  ],
)

/** Per-site random salt for identifier hashes (kept apart from any person's rows). */
export const identitySalts = sqliteTable('identity_salts', {
  siteId: text('site_id').primaryKey(),
  salt: text('salt').notNull(),
  createdAt: integer('created_at').notNull(),
})

/** One upload of a CSV or NDJSON file, with its declared source and lawful basis and its report. */
export const imports = sqliteTable(
  'imports',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    /** purchase | store_visit | survey | call_note */
    kind: text('kind').notNull(),
    /** csv | ndjson */
    format: text('format').notNull(),
    /** online | offline */
    sourceLabel: text('source_label').notNull(),
    /** Free label such as store-berlin, phone, survey-2026. */
    channel: text('channel').notNull(),
    /** consent | contract | legitimate_interests | legal_obligation | vital_interests | public_task */
    lawfulBasis: text('lawful_basis').notNull(),
    /** validating | committing | committed | rejected | failed */
    status: text('status').notNull(),
    rowsTotal: integer('rows_total').notNull().default(0),
    rowsImported: integer('rows_imported').notNull().default(0),
    rowsDuplicate: integer('rows_duplicate').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    /** Rows of persons who withdrew on the web, skipped because the import's basis is consent. */
    rowsSuppressed: integer('rows_suppressed').notNull().default(0),
    /** 1 when rows of withdrawn persons were stored under another lawful basis (needs review). */
    flagged: integer('flagged').notNull().default(0),
    /** JSON { issues: [{ row, field, reason, level }], truncated, counts } */
    report: text('report').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
    completedAt: integer('completed_at'),
  },
  (t) => [index('imports_site_created').on(t.siteId, t.createdAt)],
)

/** Valid rows of an import in progress; moved into offline_records only when the whole file is valid. */
export const importStaging = sqliteTable(
  'import_staging',
  {
    importId: text('import_id').notNull(),
    sourceKey: text('source_key').notNull(),
    rowNo: integer('row_no').notNull(),
    /** JSON of the validated row (raw contacts included: staging lives only for one request). */
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.sourceKey] })],
)

/**
 * Offline records: store purchases, store visits, survey responses, call notes. The profiling
 * features read these per visitor id (join identity_links on vid to group by person):
 *   kind        purchase | store_visit | survey | call_note
 *   ts          when it happened (ms)
 *   value, currency, order_id   purchases (also written to `orders` with source offline:<channel>)
 *   store       store or location label
 *   data        JSON: items [{id,name,category,price,quantity}] | answers {question: answer} | note text | duration_s
 *   lawful_basis, channel, source_label   as declared by the import
 *   profilable  0 when the person withdrew on the web and the basis was consent (never the case today:
 *               such rows are skipped), else 1
 */
export const offlineRecords = sqliteTable(
  'offline_records',
  {
    siteId: text('site_id').notNull(),
    kind: text('kind').notNull(),
    /** Dedup key within (site, kind): the same key imported twice is stored once. */
    sourceKey: text('source_key').notNull(),
    importId: text('import_id').notNull(),
    vid: text('vid'),
    ts: integer('ts').notNull(),
    sourceLabel: text('source_label').notNull(),
    channel: text('channel').notNull(),
    lawfulBasis: text('lawful_basis').notNull(),
    profilable: integer('profilable').notNull().default(1),
    orderId: text('order_id'),
    value: real('value'),
    currency: text('currency'),
    store: text('store'),
    data: text('data').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.kind, t.sourceKey] }),
    index('offline_records_vid').on(t.siteId, t.vid, t.ts),
    index('offline_records_import').on(t.siteId, t.importId),
    // Retention (consent/retention.ts) deletes records that happened before the site's retention_days.
    index('offline_records_site_ts').on(t.siteId, t.ts),
  ],
)

/**
 * SHA-256(site ‖ vid) of every visitor id ever linked to a person, in the format of consent's
 * `erasures.vid_hash`. After a visitor withdraws on the web, erasure deletes the visitor's link,
 * but this hash still tells an offline import that the person withdrew (a suppression entry).
 */
export const personVisitorHashes = sqliteTable(
  'person_visitor_hashes',
  {
    siteId: text('site_id').notNull(),
    vidHash: text('vid_hash').notNull(),
    personId: text('person_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.vidHash] }),
    index('person_visitor_hashes_person').on(t.siteId, t.personId),
  ],
)
