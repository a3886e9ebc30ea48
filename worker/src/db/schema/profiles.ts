import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * One marketing profile per consented visitor, rewritten by each profiling run that sees new
 * activity. Every field a model produced is validated (enums enforced) before it lands here;
 * when the model fails, the rules result is stored and `fallback` says why.
 */
export const profiles = sqliteTable(
  'profiles',
  {
    siteId: text('site_id').notNull(),
    vid: text('vid').notNull(),
    /** Persona (cluster) the visitor fell into in the last run. */
    personaId: text('persona_id'),
    segment: text('segment').notNull(),
    /** new | engaged | first_time_buyer | repeat_buyer | loyal | at_risk | churned */
    lifecycle: text('lifecycle').notNull(),
    /** JSON [{ topic, score }] */
    interests: text('interests').notNull(),
    purchaseIntent: real('purchase_intent').notNull(),
    /** low | medium | high */
    priceSensitivity: text('price_sensitivity').notNull(),
    preferredChannel: text('preferred_channel').notNull(),
    summary: text('summary').notNull(),
    nextBestAction: text('next_best_action').notNull(),
    /** Compact feature JSON the profile was made from (also what the model saw). */
    features: text('features').notNull(),
    /** SHA-256 of the capped feature summary: an unchanged hash skips the model. */
    featureHash: text('feature_hash').notNull(),
    /** Timestamp of the newest event the profile has seen: newer events mean new activity. */
    lastEventTs: integer('last_event_ts').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    /** Why the rules result was stored instead of the model's (invalid_output, sensitive_trait, …). */
    fallback: text('fallback'),
    runId: integer('run_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.vid] }),
    index('profiles_site_segment').on(t.siteId, t.segment),
    // Retention (consent/retention.ts) deletes profiles whose newest activity is past retention_days.
    index('profiles_site_last_event').on(t.siteId, t.lastEventTs),
  ],
)

/**
 * The visitor ids whose rows a profile was built from. A person's browsers, server ids and offline
 * ids are pooled into one profile stored under one of its consented visitor ids (`profile_vid`);
 * every contributing id has a row here, registered in db/visitor-data.ts as marketing data. Erasing
 * or withdrawing any contributing id deletes its row, and a trigger (migration 0009) then deletes the
 * whole profile, so no profile outlives the consent of an id it was built from.
 */
export const profileMembers = sqliteTable(
  'profile_members',
  {
    siteId: text('site_id').notNull(),
    vid: text('vid').notNull(),
    profileVid: text('profile_vid').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.vid] }),
    index('profile_members_profile').on(t.siteId, t.profileVid),
  ],
)

/** Personas: one row per cluster of a site's visitors, named once per cluster (not per visitor). */
export const personas = sqliteTable(
  'personas',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** JSON string[] */
    needs: text('needs').notNull(),
    action: text('action').notNull(),
    size: integer('size').notNull(),
    /** JSON number[]: the cluster centre in normalized feature space. */
    centroid: text('centroid').notNull(),
    /** Hash of the rounded centroid: a cluster that did not move keeps its name without a model call. */
    centroidHash: text('centroid_hash').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    runId: integer('run_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] })],
)

/** One summary row per site per profiling run: what it did and what it cost. */
export const profilingRuns = sqliteTable(
  'profiling_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    trigger: text('trigger').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    candidates: integer('candidates').notNull().default(0),
    profiled: integer('profiled').notNull().default(0),
    skippedUnchanged: integer('skipped_unchanged').notNull().default(0),
    deferred: integer('deferred').notNull().default(0),
    fallbacks: integer('fallbacks').notNull().default(0),
    personas: integer('personas').notNull().default(0),
    modelCalls: integer('model_calls').notNull().default(0),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    /** ok | error */
    status: text('status').notNull(),
    error: text('error'),
  },
  (t) => [index('profiling_runs_site_started').on(t.siteId, t.startedAt)],
)

/** Where a chunked cron job stopped, so the next run resumes there. */
export const jobCursors = sqliteTable('job_cursors', {
  job: text('job').primaryKey(),
  cursor: text('cursor').notNull(),
  updatedAt: integer('updated_at').notNull(),
})
