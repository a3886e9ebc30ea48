import type { EventInput, OfflineRecord, OrderInput } from './features'

/**
 * D1 reads and writes of the profiling run. Eligibility lives in one SQL fragment: a visitor is
 * profiled only while their current logged consent state (consent_state, kept by the consent
 * area) grants marketing.
 */
const MARKETING_CONSENT = `JOIN consent_state c ON c.site_id = e.site_id AND c.vid = e.vid AND c.marketing = 1`

export interface Candidate {
  vid: string
  last_ts: number
  value: number
  new_events: number
  profile_hash: string | null
}

/**
 * Visitors with marketing consent and something to (re)consider: new events since their last
 * profile, or a profile older than `staleBefore` (recency alone can move a lifecycle stage).
 * Highest value first, then most new activity.
 */
export async function selectCandidates(db: D1Database, siteId: string, staleBefore: number, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT e.vid AS vid, MAX(e.ts) AS last_ts,
              COALESCE((SELECT SUM(o.value) FROM orders o WHERE o.site_id = e.site_id AND o.vid = e.vid), 0) AS value,
              SUM(CASE WHEN e.ts > COALESCE(p.last_event_ts, -1) THEN 1 ELSE 0 END) AS new_events,
              p.feature_hash AS profile_hash
       FROM events e
       ${MARKETING_CONSENT}
       LEFT JOIN profiles p ON p.site_id = e.site_id AND p.vid = e.vid
       WHERE e.site_id = ?1 AND e.vid IS NOT NULL
       GROUP BY e.vid
       HAVING p.last_event_ts IS NULL OR MAX(e.ts) > p.last_event_ts OR p.updated_at < ?2
       ORDER BY value DESC, new_events DESC, e.vid
       LIMIT ?3`,
    )
    .bind(siteId, staleBefore, limit)
    .all<Candidate>()
  return results
}

/** Profiles of visitors whose logged consent no longer grants marketing are deleted. */
export async function deleteWithdrawnProfiles(db: D1Database, siteId: string): Promise<number> {
  const r = await db
    .prepare(
      `DELETE FROM profiles WHERE site_id = ?1 AND vid NOT IN
         (SELECT vid FROM consent_state WHERE site_id = ?1 AND marketing = 1)`,
    )
    .bind(siteId)
    .run()
  return r.meta.changes ?? 0
}

type VisitorEvent = EventInput & { vid: string }
type VisitorOrder = OrderInput & { vid: string }

/** D1 binds at most 100 parameters per statement. */
const CHUNK = 90

/** Events and orders of the given visitors, grouped by visitor. */
export async function loadActivity(db: D1Database, siteId: string, vids: string[]) {
  const events = new Map<string, EventInput[]>()
  const orders = new Map<string, OrderInput[]>()
  for (let i = 0; i < vids.length; i += CHUNK) {
    const chunk = vids.slice(i, i + CHUNK)
    const marks = chunk.map((_, j) => `?${j + 2}`).join(',')
    const [ev, or] = await db.batch([
      db
        .prepare(
          `SELECT vid, type, ts, sid, path, referrer, source, medium, utm_source, utm_medium, utm_campaign,
                  device, query, order_id, value, props
           FROM events WHERE site_id = ?1 AND vid IN (${marks})`,
        )
        .bind(siteId, ...chunk),
      db
        .prepare(
          `SELECT vid, order_id, ts, value, items, source FROM orders WHERE site_id = ?1 AND vid IN (${marks})`,
        )
        .bind(siteId, ...chunk),
    ])
    for (const e of (ev!.results ?? []) as VisitorEvent[]) push(events, e.vid, e)
    for (const o of (or!.results ?? []) as VisitorOrder[]) push(orders, o.vid, o)
  }
  return { events, orders }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Stored features of already-profiled visitors: the rest of the population personas are drawn from. */
export async function loadProfiledFeatures(db: D1Database, siteId: string, limit: number) {
  const { results } = await db
    .prepare(`SELECT vid, features FROM profiles WHERE site_id = ?1 ORDER BY updated_at DESC LIMIT ?2`)
    .bind(siteId, limit)
    .all<{ vid: string; features: string }>()
  return results
}

export interface ProfileRow {
  vid: string
  personaId: string | null
  segment: string
  lifecycle: string
  interests: string
  purchaseIntent: number
  priceSensitivity: string
  preferredChannel: string
  summary: string
  nextBestAction: string
  features: string
  featureHash: string
  lastEventTs: number
  provider: string
  model: string
  promptVersion: string
  tokensIn: number
  tokensOut: number
  latencyMs: number
  fallback: string | null
}

export function upsertProfile(db: D1Database, siteId: string, runId: number, now: number, p: ProfileRow) {
  return db
    .prepare(
      `INSERT INTO profiles (site_id, vid, persona_id, segment, lifecycle, interests, purchase_intent, price_sensitivity,
         preferred_channel, summary, next_best_action, features, feature_hash, last_event_ts, provider, model,
         prompt_version, tokens_in, tokens_out, latency_ms, fallback, run_id, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
       ON CONFLICT (site_id, vid) DO UPDATE SET persona_id = excluded.persona_id, segment = excluded.segment,
         lifecycle = excluded.lifecycle, interests = excluded.interests, purchase_intent = excluded.purchase_intent,
         price_sensitivity = excluded.price_sensitivity, preferred_channel = excluded.preferred_channel,
         summary = excluded.summary, next_best_action = excluded.next_best_action, features = excluded.features,
         feature_hash = excluded.feature_hash, last_event_ts = excluded.last_event_ts, provider = excluded.provider,
         model = excluded.model, prompt_version = excluded.prompt_version, tokens_in = excluded.tokens_in,
         tokens_out = excluded.tokens_out, latency_ms = excluded.latency_ms, fallback = excluded.fallback,
         run_id = excluded.run_id, updated_at = excluded.updated_at`,
    )
    .bind(
      siteId,
      p.vid,
      p.personaId,
      p.segment,
      p.lifecycle,
      p.interests,
      p.purchaseIntent,
      p.priceSensitivity,
      p.preferredChannel,
      p.summary,
      p.nextBestAction,
      p.features,
      p.featureHash,
      p.lastEventTs,
      p.provider,
      p.model,
      p.promptVersion,
      p.tokensIn,
      p.tokensOut,
      p.latencyMs,
      p.fallback,
      runId,
      now,
    )
}

/** An unchanged visitor: only the activity watermark and the check time move. */
export function touchProfile(
  db: D1Database,
  siteId: string,
  vid: string,
  lastEventTs: number,
  personaId: string | null,
  now: number,
) {
  return db
    .prepare(
      'UPDATE profiles SET last_event_ts = ?3, persona_id = COALESCE(?4, persona_id), updated_at = ?5 WHERE site_id = ?1 AND vid = ?2',
    )
    .bind(siteId, vid, lastEventTs, personaId, now)
}

/** Runs statements in D1 batches of a bounded size. */
export async function runBatched(db: D1Database, statements: D1PreparedStatement[], size = 50) {
  for (let i = 0; i < statements.length; i += size) await db.batch(statements.slice(i, i + size))
}

export interface StoredPersona {
  id: string
  name: string
  description: string
  needs: string
  action: string
  centroid_hash: string
  provider: string
  model: string
  prompt_version: string
}

export async function loadPersonas(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare(
      'SELECT id, name, description, needs, action, centroid_hash, provider, model, prompt_version FROM personas WHERE site_id = ?1',
    )
    .bind(siteId)
    .all<StoredPersona>()
  return results
}

/**
 * Survey answers imported by the sources area (offline_records kind `survey`, data.answers
 * { question: answer }). Imported purchases are already in `orders`, so they are not read here.
 */
export async function loadOfflineSurveys(db: D1Database, siteId: string, vids: string[]) {
  const out = new Map<string, OfflineRecord[]>()
  for (let i = 0; i < vids.length; i += CHUNK) {
    const chunk = vids.slice(i, i + CHUNK)
    const marks = chunk.map((_, j) => `?${j + 2}`).join(',')
    const { results } = await db
      .prepare(
        `SELECT vid, ts, data FROM offline_records
         WHERE site_id = ?1 AND kind = 'survey' AND profilable = 1 AND vid IN (${marks}) ORDER BY ts DESC`,
      )
      .bind(siteId, ...chunk)
      .all<{ vid: string; ts: number; data: string }>()
    for (const r of results) {
      let answers: unknown
      try {
        answers = (JSON.parse(r.data) as { answers?: unknown }).answers
      } catch {
        continue
      }
      if (!answers || typeof answers !== 'object') continue
      for (const [question, answer] of Object.entries(answers)) {
        if (typeof answer === 'string' || typeof answer === 'number') {
          push(out, r.vid, { kind: 'survey', ts: r.ts, question, answer: String(answer) })
        }
      }
    }
  }
  return out
}
