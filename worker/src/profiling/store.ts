import type { EventInput, OfflineRecord, OrderInput } from './features'

/**
 * D1 reads and writes of the profiling run. Who may be profiled lives in one SQL fragment: a
 * visitor id contributes only while its current logged consent state (consent_state, kept by the
 * consent area) grants marketing. Ids linked to one person (identity_links) are pooled into one
 * profile subject, stored under the person's smallest consented visitor id (the "anchor"):
 *   - browser ids with a logged decision contribute only when it grants marketing;
 *   - server and offline ids (no banner, so no logged decision) contribute what their source
 *     declared: server events and orders sent with marketing, offline records and purchases
 *     imported under a lawful basis (rows of persons who withdrew are never stored for that);
 *   - a person without any consented browser id has no profile at all.
 */
const SUBJECTS = `
  consented AS (
    SELECT c.vid, l.person_id,
           MIN(c.vid) OVER (PARTITION BY COALESCE(l.person_id, 'vid:' || c.vid)) AS anchor
    FROM consent_state c
    LEFT JOIN identity_links l ON l.site_id = c.site_id AND l.key = 'vid:' || c.vid
    WHERE c.site_id = ?1 AND c.marketing = 1
  ),
  members AS (
    SELECT anchor, vid, 1 AS consented FROM consented
    UNION ALL
    SELECT s.anchor, l.vid, 0
    FROM (SELECT DISTINCT anchor, person_id FROM consented WHERE person_id IS NOT NULL) s
    JOIN identity_links l ON l.site_id = ?1 AND l.person_id = s.person_id AND l.kind = 'vid'
    WHERE NOT EXISTS (SELECT 1 FROM consent_state x WHERE x.site_id = ?1 AND x.vid = l.vid)
  )`

/** Events a member contributes: all of a consented browser's, only marketing ones of a server id. */
const MEMBER_EVENTS = `e.site_id = ?1 AND e.vid = m.vid AND (m.consented = 1 OR e.marketing = 1)`

/** One id pooled into a profile subject; `consented` is false for server and offline ids. */
export interface Member {
  vid: string
  consented: boolean
}

export interface Candidate {
  /** The anchor: the visitor id the subject's profile is stored under. */
  vid: string
  /** Newest activity: event time, or import time for offline records (a backfill is new too). */
  last_ts: number
  value: number
  new_events: number
  profile_hash: string | null
  members: Member[]
  /** Member ids the stored profile was built from. */
  stored_members: string[]
}

/**
 * Profile subjects (unlinked consented visitors, and persons with at least one consented visitor)
 * with something to (re)consider: activity newer than their profile, a changed set of ids, or a
 * profile older than `staleBefore` (recency alone can move a lifecycle stage). Highest value first,
 * then most new activity.
 */
export async function selectCandidates(
  db: D1Database,
  siteId: string,
  staleBefore: number,
  limit: number,
): Promise<Candidate[]> {
  const { results } = await db
    .prepare(
      `WITH ${SUBJECTS},
       activity AS (
         SELECT m.anchor, m.vid, m.consented,
           MAX(COALESCE((SELECT MAX(e.ts) FROM events e WHERE ${MEMBER_EVENTS}), -1),
               COALESCE((SELECT MAX(r.created_at) FROM offline_records r
                         WHERE r.site_id = ?1 AND r.vid = m.vid AND r.profilable = 1), -1)) AS last_ts,
           (SELECT COUNT(*) FROM events e WHERE ${MEMBER_EVENTS} AND e.ts > COALESCE(p.last_event_ts, -1)) AS new_events,
           (SELECT COALESCE(SUM(o.value), 0) FROM orders o WHERE o.site_id = ?1 AND o.vid = m.vid) AS value
         FROM members m LEFT JOIN profiles p ON p.site_id = ?1 AND p.vid = m.anchor
       )
       SELECT a.anchor AS vid, MAX(a.last_ts) AS last_ts, SUM(a.value) AS value,
              SUM(a.new_events) AS new_events, p.feature_hash AS profile_hash,
              json_group_array(json_object('vid', a.vid, 'consented', a.consented)) AS members,
              (SELECT json_group_array(pm.vid) FROM profile_members pm
               WHERE pm.site_id = ?1 AND pm.profile_vid = a.anchor) AS stored_members
       FROM activity a
       LEFT JOIN profiles p ON p.site_id = ?1 AND p.vid = a.anchor
       GROUP BY a.anchor
       HAVING MAX(a.last_ts) >= 0 AND (p.last_event_ts IS NULL OR MAX(a.last_ts) > p.last_event_ts
         OR p.updated_at < ?2 OR COUNT(*) <> json_array_length(stored_members))
       ORDER BY value DESC, new_events DESC, a.anchor
       LIMIT ?3`,
    )
    .bind(siteId, staleBefore, limit)
    .all<Omit<Candidate, 'members' | 'stored_members'> & { members: string; stored_members: string }>()
  return results.map((r) => ({
    ...r,
    members: (JSON.parse(r.members) as { vid: string; consented: number }[])
      .map((m) => ({ vid: m.vid, consented: m.consented === 1 }))
      .sort((a, b) => (a.vid < b.vid ? -1 : a.vid > b.vid ? 1 : 0)),
    stored_members: JSON.parse(r.stored_members) as string[],
  }))
}

/**
 * Per-visitor profiles of consented visitors who are not their person's anchor (made before the
 * visitor was linked): the person's pooled profile replaces them.
 */
export async function deleteSupersededProfiles(db: D1Database, siteId: string) {
  await db
    .prepare(
      `WITH ${SUBJECTS}
       DELETE FROM profiles WHERE site_id = ?1 AND vid IN (SELECT vid FROM consented WHERE vid <> anchor)`,
    )
    .bind(siteId)
    .run()
}

/**
 * Profiles of visitors whose logged consent no longer grants marketing are deleted (their member
 * rows go with them). Counted by RETURNING: D1's `changes` would include the trigger's deletes.
 */
export async function deleteWithdrawnProfiles(db: D1Database, siteId: string): Promise<number> {
  const { results } = await db
    .prepare(
      `DELETE FROM profiles WHERE site_id = ?1 AND vid NOT IN
         (SELECT vid FROM consent_state WHERE site_id = ?1 AND marketing = 1) RETURNING vid`,
    )
    .bind(siteId)
    .all()
  return results.length
}

type VisitorEvent = EventInput & { vid: string; marketing: number }
type VisitorOrder = OrderInput & { vid: string; event_marketing: number | null }

/** D1 binds at most 100 parameters per statement. */
const CHUNK = 90

/**
 * Events and orders of the given ids, grouped by id. A server or offline id (not `consented`)
 * brings only what its source declared for marketing: events sent with marketing, orders of such
 * events, and imported purchases (source `offline:<channel>`).
 */
export async function loadActivity(db: D1Database, siteId: string, members: Member[]) {
  const events = new Map<string, EventInput[]>()
  const orders = new Map<string, OrderInput[]>()
  const consented = new Map(members.map((m) => [m.vid, m.consented]))
  const vids = [...consented.keys()]
  for (let i = 0; i < vids.length; i += CHUNK) {
    const chunk = vids.slice(i, i + CHUNK)
    const marks = chunk.map((_, j) => `?${j + 2}`).join(',')
    const [ev, or] = await db.batch([
      db
        .prepare(
          `SELECT vid, type, ts, sid, path, referrer, source, medium, utm_source, utm_medium, utm_campaign,
                  device, query, order_id, value, props, marketing
           FROM events WHERE site_id = ?1 AND vid IN (${marks})`,
        )
        .bind(siteId, ...chunk),
      db
        .prepare(
          `SELECT o.vid, o.order_id, o.ts, o.value, o.items, o.source,
                  (SELECT e.marketing FROM events e WHERE e.site_id = o.site_id AND e.id = o.event_id) AS event_marketing
           FROM orders o WHERE o.site_id = ?1 AND o.vid IN (${marks})`,
        )
        .bind(siteId, ...chunk),
    ])
    for (const { marketing, ...e } of (ev!.results ?? []) as VisitorEvent[])
      if (consented.get(e.vid) || marketing === 1) push(events, e.vid, e)
    for (const { event_marketing, ...o } of (or!.results ?? []) as VisitorOrder[])
      if (consented.get(o.vid) || event_marketing === 1 || o.source?.startsWith('offline'))
        push(orders, o.vid, o)
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

/** An unchanged subject: only the activity watermark and the check time move. */
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

/**
 * Records which ids a subject's profile was built from: ids that left the subject lose their
 * member row (the trigger then drops the stored profile, which the caller writes again right
 * after), the rest point at the anchor.
 */
export function saveMembers(db: D1Database, siteId: string, anchor: string, members: Member[]) {
  const vids = JSON.stringify(members.map((m) => m.vid))
  return [
    db
      .prepare(
        `DELETE FROM profile_members WHERE site_id = ?1 AND profile_vid = ?2
         AND vid NOT IN (SELECT value FROM json_each(?3))`,
      )
      .bind(siteId, anchor, vids),
    db
      .prepare(
        `INSERT INTO profile_members (site_id, vid, profile_vid) SELECT ?1, value, ?2 FROM json_each(?3) WHERE true
         ON CONFLICT (site_id, vid) DO UPDATE SET profile_vid = excluded.profile_vid`,
      )
      .bind(siteId, anchor, vids),
  ]
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
